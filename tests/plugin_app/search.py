# A hook module: the check demands that the plug-in uses it (search_types).
SEARCH_TYPES: list = []
