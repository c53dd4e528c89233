#!/usr/bin/python3
"""Holds Trove's parsers and the test server against the vendors' own documents.

The documents in this folder are the vendors' pages, copied as they are. This script extracts
their response examples and schemas at test time (nothing is retyped), then:

1. feeds each example to Trove's parser (vendor-dump) and checks that every documented field
   landed where it belongs;
2. asks a running trove-test-server for the same endpoints and checks that every field it sends
   exists in the vendor's schema with the same type (and documented enum values);
3. checks that every field the schema has and the test server does not send is named, with a
   reason, in tests/server/README.md (and that a schema type the server departs from is too).

Usage: check-vendor-examples.py VENDOR_DIR VENDOR_DUMP TEST_SERVER SERVER_README
Prints TAP.
"""

import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

import yaml

vendor_dir, vendor_dump, test_server, server_readme = sys.argv[1:5]
results = []


def check(name, problems):
    results.append((name, problems))


class NoTimestampLoader(yaml.SafeLoader):
    """YAML would turn the examples' dates into datetime objects: keep the text."""


NoTimestampLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read(name):
    with open(os.path.join(vendor_dir, name), encoding="utf-8") as f:
        return f.read()


def yaml_block(text):
    match = re.search(r"^````yaml[^\n]*\n(.*?)^````", text, re.S | re.M)
    return yaml.load(match.group(1), Loader=NoTimestampLoader)


def first_json_object(text, start_marker):
    start = text.index(start_marker)
    value, _ = json.JSONDecoder().raw_decode(text[start:])
    return value


def resolve(schema, spec):
    while isinstance(schema, dict) and "$ref" in schema:
        path = schema["$ref"].lstrip("#/").split("/")
        schema = spec
        for part in path:
            schema = schema[part]
    return schema


# --- The vendors' examples and schemas ------------------------------------------------------

fanvue_doc = read("fanvue-chat-media.md")
fanvue_example = first_json_object(fanvue_doc, '{\n  "data": [')
agency_spec = yaml_block(read("fanvue-agency-chat-media.md"))
fanvue_schema = resolve(
    agency_spec["paths"]["/creators/{creatorUserUuid}/chats/{userUuid}/media"]["get"]["responses"]["200"][
        "content"]["application/json"]["schema"], agency_spec)
ofapi_spec = yaml_block(read("onlyfansapi-chat-media.md"))
ofapi_response = ofapi_spec["paths"]["/api/{account}/chats/{chat_id}/media"]["get"]["responses"]["200"][
    "content"]["application/json"]["schema"]
ofapi_example = ofapi_response["example"]


def iso_unix(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def dump(kind, body):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(body, f)
    try:
        out = subprocess.run([vendor_dump, kind, f.name], capture_output=True, text=True, check=False)
    finally:
        os.unlink(f.name)
    if out.returncode != 0:
        raise RuntimeError(f"vendor-dump {kind} failed: {out.stderr.strip()}")
    return json.loads(out.stdout)


def compare(problems, where, got, expected):
    if got != expected:
        problems.append(f"{where}: parsed {got!r}, the vendor's example says {expected!r}")


# --- 1. The examples through our parsers ----------------------------------------------------

FANVUE_VARIANTS = {"main", "thumbnail", "thumbnail_gallery", "blurred"}


def check_fanvue_example():
    problems = []
    parsed = dump("fanvue", fanvue_example)
    compare(problems, "nextCursor", parsed["next_token"], fanvue_example["nextCursor"])
    compare(problems, "number of items", len(parsed["items"]), len(fanvue_example["data"]))
    for item, media in zip(fanvue_example["data"], parsed["items"]):
        where = f"data[{item['uuid']}]"
        compare(problems, where + ".uuid", media["id"], item["uuid"])
        compare(problems, where + ".messageUuid", media["message_id"], item["messageUuid"])
        compare(problems, where + ".mediaType", media["kind"], item["mediaType"])
        compare(problems, where + ".name", media["name"], item["name"])
        compare(problems, where + ".sentAt", media["sent_at_unix"], iso_unix(item["sentAt"] or item["created_at"]))
        compare(problems, where + ".ownerUuid", media["sender_id"], item["ownerUuid"])
        main = next(v for v in item["variants"] if v["variantType"] == "main")
        compare(problems, where + ".variants[main].width", media["width"], main["width"])
        compare(problems, where + ".variants[main].height", media["height"], main["height"])
        compare(problems, where + ".variants[].lengthMs", media["duration_ms"],
                max(v["lengthMs"] or 0 for v in item["variants"]))
        for variant in item["variants"]:
            name = variant["variantType"]
            got = media["variants"].get(name)
            if name not in FANVUE_VARIANTS or got is None:
                problems.append(f"{where}.variants[{name}] was dropped")
                continue
            for field in ("url", "width", "height"):
                compare(problems, f"{where}.variants[{name}].{field}", got[field], variant[field])
    check("the Fanvue chat-media example lands in every field", problems)


# Which OnlyFans file fills which of Trove's variants, and kinds: Trove's own mapping.
OFAPI_FILES = {"full": "main", "thumb": "thumbnail_gallery", "preview": "thumbnail"}
OFAPI_KINDS = {"photo": "image", "gif": "image", "video": "video", "audio": "audio"}


def check_ofapi_example():
    problems = []
    parsed = dump("onlyfansapi", ofapi_example)
    listing = ofapi_example["data"]
    compare(problems, "data.hasMore (no next page)", parsed["next_token"],
            str(len(listing["list"])) if listing["hasMore"] else None)
    limits = ofapi_example["_meta"]["_rate_limits"]
    compare(problems, "_meta._rate_limits.limit_minute", parsed.get("rate_limit"), limits["limit_minute"])
    compare(problems, "_meta._rate_limits.remaining_minute", parsed.get("rate_remaining"), limits["remaining_minute"])
    expected = [(message, media) for message in listing["list"] for media in message["media"]]
    compare(problems, "number of media", len(parsed["items"]), len(expected))
    for (message, item), media in zip(expected, parsed["items"]):
        where = f"data.list[{message['id']}].media[{item['id']}]"
        compare(problems, where + ".id", media["id"], str(item["id"]))
        compare(problems, "data.list[].id", media["message_id"], str(message["id"]))
        compare(problems, where + ".type", media["kind"], OFAPI_KINDS[item["type"]])
        compare(problems, where + ".createdAt", media["sent_at_unix"], iso_unix(item["createdAt"] or message["createdAt"]))
        compare(problems, "data.list[].fromUser.id", media["sender_id"], str(message["fromUser"]["id"]))
        compare(problems, where + ".duration", media["duration_ms"], item["duration"] * 1000)
        compare(problems, where + ".canView", media["locked"], not item["canView"] or not item["files"]["full"]["url"])
        compare(problems, where + ".files.full.width", media["width"], item["files"]["full"]["width"])
        compare(problems, where + ".files.full.height", media["height"], item["files"]["full"]["height"])
        for file_name, variant in OFAPI_FILES.items():
            got = media["variants"].get(variant)
            file = item["files"][file_name]
            if got is None:
                problems.append(f"{where}.files.{file_name} was dropped")
                continue
            for field in ("url", "width", "height", "size"):
                compare(problems, f"{where}.files.{file_name}.{field}", got[field], file[field])
    check("the OnlyFansAPI chat-media example lands in every field", problems)


# --- 2. What the test server sends, against the schemas -------------------------------------

def allowed_types(schema):
    types = schema.get("type", "object")
    types = set(types) if isinstance(types, list) else {types}
    if schema.get("nullable"):
        types.add("null")
    return types


def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def enum_values(schema):
    values = schema.get("enum")
    if values is None:
        return None
    return {v["value"] if isinstance(v, dict) else v for v in values}


def readme_section(readme, title):
    """The backquoted paths of the README section headed @title."""
    match = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^#|\Z)", readme, re.S | re.M)
    return set(re.findall(r"`([^`]+)`", match.group(1))) if match else set()


def walk(value, schema, spec, path, problems, seen, nullable_paths):
    schema = resolve(schema, spec)
    seen.add(path)
    types = allowed_types(schema)
    if path.lstrip(".") in nullable_paths:
        types.add("null")
    kind = json_type(value)
    if kind not in types and not (kind == "integer" and "number" in types):
        problems.append(f"{path}: the server sends {kind}, the schema says {'|'.join(sorted(types))}")
        return
    values = enum_values(schema)
    if values is not None and value is not None and value not in values:
        problems.append(f"{path}: the server sends {value!r}, not one of the schema's {sorted(values)}")
    if kind == "object":
        properties = schema.get("properties", {})
        for key, member in value.items():
            if key not in properties:
                problems.append(f"{path}.{key}: the server sends it, the vendor's schema has no such field")
                continue
            walk(member, properties[key], spec, f"{path}.{key}", problems, seen, nullable_paths)
    elif kind == "array" and "items" in schema:
        for member in value:
            walk(member, schema["items"], spec, path + "[]", problems, seen, nullable_paths)


def schema_paths(schema, spec, path, out):
    schema = resolve(schema, spec)
    out.add(path)
    for key, member in schema.get("properties", {}).items():
        schema_paths(member, spec, f"{path}.{key}", out)
    if "items" in schema:
        schema_paths(schema["items"], spec, path + "[]", out)


def get(url, headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def check_server():
    server = subprocess.Popen([test_server, "--dataset", "demo", "--print-urls"], stdout=subprocess.PIPE, text=True)
    try:
        urls = json.loads(server.stdout.readline())
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        urllib.request.install_opener(opener)
        dataset = get(urls["control"] + "/dataset", {})
        fanvue_headers = {"X-Fanvue-API-Version": "2025-06-26"}
        bodies = {"fanvue": [], "onlyfansapi": []}
        tokens = dataset["tokens"]
        for chat in dataset["fanvue"]["chats"]:
            bodies["fanvue"].append(get(f"{urls['api']}/chats/{chat['id']}/media?limit=50",
                                        dict(fanvue_headers, Authorization="Bearer " + tokens["fanvue_creator"])))
        for creator in dataset["agency"]:
            for chat in creator["chats"]:
                bodies["fanvue"].append(get(
                    f"{urls['api']}/creators/{creator['id']}/chats/{chat['id']}/media?limit=50",
                    dict(fanvue_headers, Authorization="Bearer " + tokens["fanvue_agency"])))
        for account in dataset["onlyfansapi"]:
            if not account["authenticated"]:
                continue
            for chat in account["chats"]:
                bodies["onlyfansapi"].append(get(
                    f"{urls['onlyfansapi']}/api/{account['id']}/chats/{chat['id']}/media?limit=50",
                    {"Authorization": "Bearer " + tokens["onlyfansapi"]}))
    finally:
        server.terminate()
        server.wait()

    with open(server_readme, encoding="utf-8") as f:
        readme = f.read()
    nullable_paths = readme_section(readme, "Departures from the vendors' schemas")
    left_out = readme_section(readme, "Vendor fields this server leaves out")
    for name, schema, spec in (("Fanvue", fanvue_schema, agency_spec),
                               ("OnlyFansAPI", ofapi_response, ofapi_spec)):
        problems, seen = [], set()
        for body in bodies["fanvue" if name == "Fanvue" else "onlyfansapi"]:
            walk(body, schema, spec, "", problems, seen, nullable_paths)
        check(f"every field the test server sends for {name} chat media is in the vendor's schema, typed alike",
              sorted(set(problems)))
        documented, missing = set(), []
        schema_paths(schema, spec, "", documented)
        for path in sorted(documented - seen):
            if path.lstrip(".") not in left_out:
                missing.append(f"{path.lstrip('.')}: in the vendor's schema, not sent by the test server, "
                               "and not explained in tests/server/README.md")
        check(f"every {name} schema field the test server leaves out is explained in its README", missing)


for step in (check_fanvue_example, check_ofapi_example, check_server):
    try:
        step()
    except Exception as error:  # a step that cannot run is a failure, never a skip
        check(step.__name__, [f"could not run: {error!r}"])

print(f"1..{len(results)}")
for number, (name, problems) in enumerate(results, 1):
    print(f"{'ok' if not problems else 'not ok'} {number} - {name}")
    for problem in problems:
        print(f"# {problem}")
sys.exit(0 if all(not problems for _, problems in results) else 1)
