"""The outside corpus of `symgd check`: claims from textbooks and papers that are not among the seed
documents, with a ground truth decided independently of symgd (see ``entry.py`` and ``ground_truth.py``)."""
