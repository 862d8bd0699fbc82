class GlueArgumentError(Exception):
    pass


def getResolvedOptions(argv, options):
    """Like Glue's: `--NAME value` pairs from argv for the requested names; a missing one is an error."""
    found = {}
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("--") and i + 1 < len(argv):
            name = arg[2:]
            if "=" in name:
                name, value = name.split("=", 1)
                found[name] = value
                i += 1
                continue
            found[name] = argv[i + 1]
            i += 2
        else:
            i += 1
    missing = [o for o in options if o not in found]
    if missing:
        raise GlueArgumentError("the following arguments are required: " + ", ".join("--" + m for m in missing))
    return {o: found[o] for o in options}
