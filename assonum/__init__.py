"""AssoNum: the online digital-resource space of associations."""
