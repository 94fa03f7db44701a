"""Packs a staged Python package (make python) into a wheel: dist/subtok-VERSION-cp310-abi3-linux_x86_64.whl.

    python make_wheel.py STAGE_DIR VERSION OUT_DIR

The wheel holds the package directory as staged (modules, the abi3 extension, libsubtok.so.0);
`make wheel` then has auditwheel graft the shared libraries a stock Linux lacks (ICU) into it.
"""
import base64
import hashlib
import os
import platform
import sys
import zipfile

TAG = "cp310-abi3-linux_" + platform.machine()


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def main(stage, version, out_dir):
    info = f"subtok-{version}.dist-info"
    files = []
    for root, _, names in os.walk(os.path.join(stage, "subtok")):
        for name in sorted(names):
            if name.endswith(".pyc"):
                continue
            path = os.path.join(root, name)
            files.append((os.path.relpath(path, stage), path))
    metadata = "\n".join([
        "Metadata-Version: 2.1",
        "Name: subtok",
        f"Version: {version}",
        "Summary: Fast, exact subword tokenizers (BPE, byte-level BPE, WordPiece, Unigram)",
        "Requires-Python: >=3.10",
        "Provides-Extra: numpy",
        "Requires-Dist: numpy; extra == 'numpy'",
        "",
    ])
    wheel = "\n".join(["Wheel-Version: 1.0", "Generator: subtok make_wheel.py", "Root-Is-Purelib: false",
                       f"Tag: {TAG}", ""])
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, f"subtok-{version}-{TAG}.whl")
    records = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, path in files:
            with open(path, "rb") as source:
                data = source.read()
            entry = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            entry.external_attr = (os.stat(path).st_mode & 0o777) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
            records.append(record_line(name, data))
        for name, text in ((f"{info}/METADATA", metadata), (f"{info}/WHEEL", wheel)):
            archive.writestr(name, text)
            records.append(record_line(name, text.encode()))
        records.append(f"{info}/RECORD,,")
        archive.writestr(f"{info}/RECORD", "\n".join(records) + "\n")
    print(target)


if __name__ == "__main__":
    main(*sys.argv[1:4])
