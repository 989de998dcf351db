"""Learning records: the one table every module writes what a person learned into (classes,
self-paced courses, the learning log, coaching, imports) and the 70:20:10 sums read.

It sits below catalog, classes and development, so each of them can write a record
without importing the others.
"""
