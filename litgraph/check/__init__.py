"""Checks of a review's inputs: BibTeX integrity (`integrity`) and the manuscript's
citations (`citations`)."""
