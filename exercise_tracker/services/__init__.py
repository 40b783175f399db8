"""Small functions that do the work of a request on documents; routes stay thin."""
