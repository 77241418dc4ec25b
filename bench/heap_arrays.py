#!/usr/bin/env python3
"""Who holds the byte[] and char[] of a heap dump (jcmd <pid> GC.heap_dump FILE).

    python3 bench/heap_arrays.py FILE [STREAMS]

Prints the arrays of 1 KiB and more grouped by holder: the class and field that reference
each array, and through a buffer wrapper (HeapByteBuffer, ByteChunk, CharChunk, ...) the
class and field that reference the wrapper, with KiB per stream when STREAMS is given.
A class histogram says that byte[] dominate; this says whose they are.
"""
import struct
import sys
from collections import defaultdict

WRAPPERS = ("java.nio.HeapByteBuffer", "java.nio.HeapCharBuffer", "org.apache.tomcat.util.buf.ByteChunk",
            "org.apache.tomcat.util.buf.CharChunk", "java.io.BufferedOutputStream", "java.io.BufferedInputStream")
SIZES = {4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
ARRAY = {5: "char[]", 8: "byte[]"}


def main(path, streams):
    data = open(path, "rb").read()
    pos = data.index(b"\0") + 1
    ids = struct.unpack_from(">I", data, pos)[0]
    pos += 12
    fmt = ">Q" if ids == 8 else ">I"
    SIZES[2] = ids

    def ident(at):
        return struct.unpack_from(fmt, data, at)[0]

    strings, class_names, layouts, supers = {}, {}, {}, {}
    instances = []  # (object id, class id, start of its field values)
    arrays = {}  # array id -> (kind, bytes)
    wrapper_ids = set()
    while pos < len(data):
        tag, _, length = struct.unpack_from(">BII", data, pos)
        pos += 9
        end = pos + length
        if tag == 0x01:
            strings[ident(pos)] = data[pos + ids:end].decode("utf-8", "replace")
        elif tag == 0x02:
            class_names[ident(pos + 4)] = strings.get(ident(pos + 8 + ids), "?").replace("/", ".")
        elif tag in (0x0C, 0x1C):
            p = pos
            while p < end:
                sub = data[p]
                p += 1
                if sub == 0xFF or sub in (0x05, 0x07):
                    p += ids
                elif sub == 0x01:
                    p += 2 * ids
                elif sub in (0x02, 0x03, 0x08):
                    p += ids + 8
                elif sub in (0x04, 0x06):
                    p += ids + 4
                elif sub == 0x20:
                    cid = ident(p)
                    supers[cid] = ident(p + 4 + ids)
                    p += 4 + 7 * ids + 4
                    (n,) = struct.unpack_from(">H", data, p)
                    p += 2
                    for _ in range(n):
                        p += 2
                        p += 1 + SIZES[data[p]]
                    (n,) = struct.unpack_from(">H", data, p)
                    p += 2
                    for _ in range(n):
                        p += ids
                        p += 1 + SIZES[data[p]]
                    (n,) = struct.unpack_from(">H", data, p)
                    p += 2
                    fields = []
                    for _ in range(n):
                        fields.append((strings.get(ident(p), "?"), data[p + ids]))
                        p += ids + 1
                    layouts[cid] = fields
                elif sub == 0x21:
                    oid, cid = ident(p), ident(p + 4 + ids)
                    (n,) = struct.unpack_from(">I", data, p + 4 + 2 * ids)
                    start = p + 8 + 2 * ids
                    instances.append((oid, cid, start))
                    p = start + n
                elif sub == 0x22:
                    (n,) = struct.unpack_from(">I", data, p + ids + 4)
                    p += 2 * ids + 8 + n * ids
                elif sub == 0x23:
                    aid = ident(p)
                    n, kind = struct.unpack_from(">IB", data, p + ids + 4)
                    if kind in ARRAY and n * SIZES[kind] >= 1024:
                        arrays[aid] = (ARRAY[kind], n * SIZES[kind])
                    p += ids + 9 + n * SIZES[kind]
                else:
                    raise ValueError(f"unknown heap dump sub-record 0x{sub:02x} at {p - 1}")
        pos = end

    def fields_of(cid):
        while cid in layouts:
            yield from ((name, kind) for name, kind in layouts[cid])
            cid = supers.get(cid, 0)

    layout_cache = {}
    wrapper_classes = {cid for cid, name in class_names.items() if name in WRAPPERS}
    holder = {}  # referenced id -> (holder class, field)
    wrapped = {}  # wrapper id -> array id
    for oid, cid, start in instances:
        if cid not in layout_cache:
            layout_cache[cid] = list(fields_of(cid))
        p = start
        for name, kind in layout_cache[cid]:
            if kind == 2:
                ref = ident(p)
                if ref in arrays:
                    holder.setdefault(ref, (class_names.get(cid, "?"), name))
                if cid in wrapper_classes and ref in arrays:
                    wrapped[oid] = ref
                    wrapper_ids.add(oid)
            p += SIZES[kind]
    # a wrapper may come before its holder in the dump: a second look for their holders
    for oid, cid, start in instances:
        p = start
        for name, kind in layout_cache[cid]:
            if kind == 2 and ident(p) in wrapper_ids:
                holder.setdefault(ident(p), (class_names.get(cid, "?"), name))
            p += SIZES[kind]
    wrapper_of = {arr: wid for wid, arr in wrapped.items()}
    totals = defaultdict(lambda: [0, 0])
    for aid, (kind, size) in arrays.items():
        cls, field = holder.get(aid, ("(no instance field: an array element or a root)", ""))
        label = f"{kind} <- {cls}.{field}"
        if wrapper_of.get(aid) in holder:
            outer = holder[wrapper_of[aid]]
            label += f" <- {outer[0]}.{outer[1]}"
        totals[label][0] += 1
        totals[label][1] += size
    per = f" | KiB per stream (of {streams})" if streams else ""
    print(f"| arrays ≥ 1 KiB, held by | count | MiB{per} |")
    print("|---|---|---|" + ("---|" if streams else ""))
    for label, (count, size) in sorted(totals.items(), key=lambda kv: -kv[1][1])[:25]:
        extra = f" | {size / 1024 / streams:.1f}" if streams else ""
        print(f"| `{label}` | {count} | {size / 2**20:.1f}{extra} |")


main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)
