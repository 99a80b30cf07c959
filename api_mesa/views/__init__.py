"""Views of the Mesa de Ayuda face: parse, call a service/selector/permission, render."""
