#!/usr/bin/env bash
# Refreshes model/: the parts of AWS's published API models this package calls, taken from
# botocore's data files on PyPI (botocore is Apache-2.0, like this package). Only what we call is
# kept — the operations below, every shape they reach and their errors — with the documentation
# strings dropped; nothing else is edited, so the subset reads exactly as botocore ships it.
#
#   bash tools/aws-model/refresh.sh              # the newest botocore on the index
#   BOTOCORE_VERSION=1.44.8 bash tools/aws-model/refresh.sh
#
# Then run `npm test`: the model is the oracle of the emulator and of every request we send, so
# a change of AWS's contract shows up as failing tests, not as a surprise in a user's account.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

spec="botocore${BOTOCORE_VERSION:+==$BOTOCORE_VERSION}"
python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$work" "$spec"
wheel=$(ls "$work"/botocore-*.whl)

python3 - "$wheel" "$repo/model" <<'PY'
import gzip, hashlib, json, re, sys, zipfile

wheel, out = sys.argv[1], sys.argv[2]
version = re.search(r"botocore-([^-]+)-", wheel).group(1)
sha256 = hashlib.sha256(open(wheel, "rb").read()).hexdigest()

# What this package calls, per service: the Macie2 members API and STS (caller identity, role).
WANTED = {
    "macie2": ("2020-01-01", ["GetMember", "ListMembers", "UpdateMemberSession"]),
    "sts": ("2011-06-15", ["GetCallerIdentity", "AssumeRole"]),
}

def undocumented(value):
    if isinstance(value, dict):
        return {k: undocumented(v) for k, v in value.items() if k != "documentation"}
    if isinstance(value, list):
        return [undocumented(v) for v in value]
    return value

with zipfile.ZipFile(wheel) as z:
    files = {}
    for service, (api, operations) in WANTED.items():
        path = f"botocore/data/{service}/{api}/service-2.json.gz"
        model = json.loads(gzip.decompress(z.read(path)))
        shapes, todo = {}, []
        for op in operations:
            o = model["operations"][op]
            todo += [o[k]["shape"] for k in ("input", "output") if k in o]
            todo += [e["shape"] for e in o.get("errors", [])]
        while todo:
            name = todo.pop()
            if name in shapes:
                continue
            shape = model["shapes"][name]
            shapes[name] = shape
            todo += [m["shape"] for m in shape.get("members", {}).values()]
            todo += [shape[k]["shape"] for k in ("member", "key", "value") if k in shape]
        subset = {
            "version": model.get("version", "2.0"),
            "metadata": model["metadata"],
            "operations": {op: model["operations"][op] for op in operations},
            "shapes": dict(sorted(shapes.items())),
        }
        with open(f"{out}/{service}.json", "w") as f:
            json.dump(undocumented(subset), f, indent=2, ensure_ascii=False)
            f.write("\n")
        files[f"{service}.json"] = {"from": path, "operations": operations}
    source = {"package": "botocore", "version": version, "license": "Apache-2.0",
              "wheelSha256": sha256, "files": files}
    with open(f"{out}/source.json", "w") as f:
        json.dump(source, f, indent=2)
        f.write("\n")
    with open(f"{out}/NOTICE", "wb") as f:
        f.write(z.read(f"botocore-{version}.dist-info/NOTICE"))
print(f"model/ refreshed from botocore {version}")
PY
