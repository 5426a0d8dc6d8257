#!/usr/bin/env python3
"""Validate keepsake YAML files against the JSON Schema `keepsake schema` prints.

Usage: tests/validate-schema.py SCHEMA.json FILE...

Prints one line a file: "FILE: ok", "FILE: invalid: WHERE: WHY; ..." (every
error, WHERE a path such as sections/0/pages/1/count) or "FILE: unreadable:
WHY" (not YAML). Exits 0 when every file is ok, 1 when one
is not, 2 when the schema itself is not a valid draft 2020-12 schema.
Needs python3-jsonschema and python3-yaml (tools/deps.sh test).
"""
import json
import re
import sys

import jsonschema
import yaml


# The files are meant for editors whose YAML language server reads YAML 1.2
# (the core schema): true/false are booleans, 3 and 012 integers, 3.10 a
# float, ~ and an empty value null, and everything else a string, including
# yes, no, on, off and dates such as 2027-01-04. PyYAML reads YAML 1.1, where
# `no` is false, `012` is octal and 2027-01-04 a datetime.date. Rather than
# convert its values afterwards (a date or a boolean cannot tell how it was
# written), this loader keeps PyYAML's parser but resolves plain scalars with
# the YAML 1.2 core schema's rules, so each value has the type the language
# server gives it. Mapping keys stay as written: JSON keys are text. The
# parser is libyaml's, as keepsake's, where PyYAML was built with it.
class Core12Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


Core12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("null", r"~|null|Null|NULL|", "~nN"),
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    ("float", r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
              r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)", "-+.0123456789"),
]:
    Core12Loader.add_implicit_resolver(
        "tag:yaml.org,2002:" + tag, re.compile("^(?:%s)$" % pattern),
        list(first) + ([""] if tag == "null" else []))


def construct_bool(loader, node):
    return loader.construct_scalar(node).lower() == "true"


def construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)  # 012 is twelve in YAML 1.2 (octal in 1.1)


def construct_float(loader, node):
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    return float(text)  # also ".nan"


def construct_map(loader, node):
    loader.flatten_mapping(node)
    return {k.value if isinstance(k, yaml.ScalarNode) else loader.construct_object(k):
            loader.construct_object(v, deep=True) for k, v in node.value}


for tag, fn in [("bool", construct_bool), ("int", construct_int),
                ("float", construct_float), ("map", construct_map)]:
    Core12Loader.add_constructor("tag:yaml.org,2002:" + tag, fn)


def check(validator, path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=Core12Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        return "unreadable: " + " ".join(str(e).split())
    errors = sorted("%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(top)",
                                " ".join(e.message.split())[:200])
                    for e in validator.iter_errors(doc))
    return "invalid: " + "; ".join(errors) if errors else "ok"


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print("%s: not a draft 2020-12 schema: %s" % (argv[1], e.message), file=sys.stderr)
        return 2
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in argv[2:]:
        result = check(validator, path)
        bad += result != "ok"
        print("%s: %s" % (path, result))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
