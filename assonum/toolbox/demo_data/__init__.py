"""Demo content of the toolbox, written for AssoNum (facts such as names, licences and websites
come from the tools' own sites; the texts are ours)."""
