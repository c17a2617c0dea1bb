def add_arguments(sub, *, import_func, export_func):
    pass
