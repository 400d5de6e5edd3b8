"""One module per case-editor section; each turns part of a Case into widgets and back."""
