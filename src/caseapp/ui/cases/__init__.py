"""The case screens: the case list, the case editor and its sections, the region picker and related dialogs."""
