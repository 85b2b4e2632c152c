#!/usr/bin/env python3
"""model-session.py - randomized editing sessions against a model of mmhex.

Issue 12: editing sessions with a concurrent writer; no byte of the other
writer's data may be overwritten unless the user chose "write mine again",
and no "saved" or "applied" message may be false.

  model-session.py gen SEED STEPS DIR
      From SEED, make a session of about STEPS steps on a 512-byte file:
      DIR/data.bin (the file to open), DIR/mode (-w or -c, by the parity
      of SEED), DIR/script (a vtdrive script), DIR/want.K (the model's
      file at a point of the script: each "sh cmp" names one), DIR/w.K
      (the bytes of the K-th write by the other process, written by the
      script with dd), DIR/final.bin (the model's file at the end) and
      DIR/model.json (the counts below, and the other writer's bytes that
      must still be in the file).
  model-session.py check DIR
      After the session ran: the real DIR/data.bin must hold every byte
      the other writer wrote last (where the user never typed over it or
      chose "write mine again"), and the model must count no byte of
      theirs overwritten without "m".
  model-session.py total DIR...
      Print the totals of the sessions.

The model (what mmhex must do) follows src/core/ledger.h, journal.h,
edit.h, save.h and src/tui/tui-edit.c:
  - the journal: edits (offset, old bytes, new bytes), cur (edits[0:cur]
    applied), base (the saved position), open (the last edit may merge);
  - the ledger: per byte offset mmhex ever wrote, base (saved) and mine
    (what mmhex wrote last); unsaved = bytes whose base and mine differ;
  - file: the bytes on disk (-w: mmhex's shared mapping is the file);
    view: -c's private copy, None until the first write copies the page
    (before that the private mapping shows the file as it is).
Bytes 510 and 511 are never edited: a background loop in the shell test
rewrites them all the time, and the comparisons leave them out.

Every key the script sends is followed by a wait for what it must show
(a message on the last row, the status line with the unsaved count and
the cursor); a wait that the screen could already satisfy is preceded by
a goto that clears the message row, so every wait is a real point of
synchronisation and the "sh" commands (the other writer, the
comparisons) run when mmhex has done everything sent before.
"""

import json
import os
import random
import sys

SIZE = 512
EDITABLE = 510          # bytes 510-511 belong to the background writer
COLS = 80
MERGE_MAX = 4096        # JOURNAL_MERGE_MAX


def plural(n):
    return "" if n == 1 else "s"


def ranges_of(offsets):
    """Adjacent offsets (sorted) as inclusive (first, last) ranges."""
    out = []
    for p in offsets:
        if out and out[-1][1] + 1 == p:
            out[-1][1] = p
        else:
            out.append([p, p])
    return out


class Edit:
    __slots__ = ("off", "old", "new")

    def __init__(self, off, old, new):
        self.off = off
        self.old = bytearray(old)
        self.new = bytearray(new)

    @property
    def end(self):
        return self.off + len(self.old)


class Model:
    """What mmhex must do, byte by byte."""

    def __init__(self, mode, data):
        self.mode = mode                # "w" or "c"
        self.file = bytearray(data)
        self.view = None                # -c: the private page, once copied
        self.edits = []
        self.cur = 0
        self.base = 0
        self.open = False
        self.lbase = {}                 # ledger: offset -> saved byte
        self.mine = {}                  # ledger: offset -> mmhex's byte
        self.cursor = 0
        self.file_dirty = False         # mmhex changed the file since cmp
        # The other writer's bytes: offset -> the byte it wrote there, for
        # as long as it is theirs (until the user types over it seeing
        # it, chooses "m" over it, or the writer writes there again).
        self.owner = {}
        self.m_pending = set()          # -c: "m" chosen, the apply writes
        self.st = {
            "sessions": 1, "steps": 0, "writer_writes": 0,
            "writer_bytes": 0, "conflicts": 0, "keep_theirs": 0,
            "write_mine": 0, "cancel": 0, "conflicts_again": 0,
            "theirs_adopted_bytes": 0,
            "overwritten_m": 0, "overwritten_without_m": 0,
            "typed_over": 0, "superseded": 0, "coincided": 0,
            "saves_checked": 0, "file_checks": 0, "typed": 0,
            "undos": 0, "redos": 0, "saves": 0, "merges": 0,
        }

    # ---- bytes ----------------------------------------------------------
    def read(self, p):
        """The byte mmhex reads at p (through its mapping)."""
        if self.mode == "c" and self.view is not None:
            return self.view[p]
        return self.file[p]

    def file_write(self, p, v, cause):
        """mmhex writes v into the file at p; cause says why."""
        if p in self.owner and self.owner[p] != v:
            if cause == "m":
                self.st["overwritten_m"] += 1
            else:
                self.st["overwritten_without_m"] += 1
            del self.owner[p]
        if self.file[p] != v:
            self.file_dirty = True
        self.file[p] = v

    def map_write(self, p, v, cause):
        """mmhex writes v through its mapping at p."""
        if self.mode == "w":
            self.file_write(p, v, cause)
            return
        if self.view is None:
            self.view = bytearray(self.file)    # the page is copied
        self.view[p] = v

    def unsaved_list(self):
        return [p for p in sorted(self.mine) if self.lbase[p] != self.mine[p]]

    def unsaved(self):
        return len(self.unsaved_list())

    # ---- journal --------------------------------------------------------
    def record(self, off, old, new):
        """journal_record of one byte (with ledger_note)."""
        if off not in self.lbase:
            self.lbase[off] = old
        self.mine[off] = new
        last = self.edits[self.cur - 1] if self.cur > 0 else None
        if (self.open and self.cur > 0 and self.cur == len(self.edits) and
                self.cur > self.base and last.off <= off <= last.end and
                max(off + 1, last.end) - last.off <= MERGE_MAX):
            if off == last.end:
                last.old.append(old)
                last.new.append(new)
            else:
                last.new[off - last.off] = new
            self.st["merges"] += 1
        else:
            del self.edits[self.cur:]
            if self.base > self.cur:
                self.base = self.cur
            self.edits.append(Edit(off, [old], [new]))
            self.cur += 1
        self.open = True

    def mark_saved(self):
        self.base = self.cur
        for p in self.mine:
            self.lbase[p] = self.mine[p]

    # ---- what the user does ---------------------------------------------
    def type_byte(self, off, hi, lo):
        """Two hex digits at off: two writes, two journal records."""
        v0 = self.read(off)
        if off in self.owner and self.owner[off] == v0:
            # The user sees the other writer's byte and types over it.
            self.st["typed_over"] += 1
            del self.owner[off]
        b1 = hi << 4 | (v0 & 0x0F)
        self.map_write(off, b1, "type")
        self.record(off, v0, b1)
        b2 = hi << 4 | lo
        self.map_write(off, b2, "type")
        self.record(off, b1, b2)
        self.cursor = off + 1
        self.st["typed"] += 1

    def conflicts_map(self, lo, hi, unsaved_only):
        """-w: ledger bytes in [lo, hi) where the file is not mine."""
        return [p for p in sorted(self.mine) if lo <= p < hi and
                self.file[p] != self.mine[p] and
                not (unsaved_only and self.lbase[p] == self.mine[p])]

    def conflicts_file(self):
        """-c apply: unsaved bytes where the file holds neither the saved
        byte nor mine."""
        return [p for p in self.unsaved_list() if
                self.file[p] != self.lbase[p] and
                self.file[p] != self.mine[p]]

    def step_edit(self, redo):
        """undo (redo False) or redo; returns an outcome."""
        if redo and self.cur == len(self.edits):
            return ("msg", "nothing to redo")
        if not redo and self.cur == 0:
            return ("msg", "nothing to undo")
        e = self.edits[self.cur] if redo else self.edits[self.cur - 1]
        if self.mode == "w":
            c = self.conflicts_map(e.off, e.end, False)
            if c:
                return ("conflict", c)
        if redo:
            self.cur += 1
        else:
            self.cur -= 1
        self.open = False
        src = e.new if redo else e.old
        for i, p in enumerate(range(e.off, e.end)):
            self.mine[p] = src[i]
            self.map_write(p, src[i], "redo" if redo else "undo")
        self.cursor = e.off
        self.st["redos" if redo else "undos"] += 1
        return ("msg", "%s at 0x%x, %d unsaved" %
                ("redone" if redo else "undone", e.off, self.unsaved()))

    def save(self, quitting):
        """-w: w (or s at the quit prompt)."""
        n = self.unsaved()
        if n == 0:
            # Nothing left (k took theirs): said, and a quitting save quits.
            if quitting:
                return ("quit",)
            return ("msg", "no unsaved edits")
        c = self.conflicts_map(0, SIZE, True)
        if c:
            return ("conflict", c)
        self.mark_saved()
        self.st["saves"] += 1
        if quitting:
            return ("quit",)
        return ("saved", "saved %d byte%s (read back from the file)" %
                (n, plural(n)))

    def apply(self, quitting):
        """-c: P y (or a at the quit prompt), or an apply resumed."""
        u = self.unsaved_list()
        if not u:
            # Nothing left (k took theirs): said, nothing written; a
            # quitting apply quits.
            if quitting:
                return ("quit",)
            return ("msg", "no unsaved edits to apply")
        c = self.conflicts_file()
        if c:
            return ("conflict", c)
        for p in u:
            v = self.mine[p]
            if p in self.owner and self.owner[p] == v:
                # The user's byte is the other writer's: mmhex takes it as
                # its saved byte from now on, it can no longer tell.
                self.st["coincided"] += 1
                del self.owner[p]
            self.file_write(p, v, "m" if p in self.m_pending else "apply")
        self.m_pending.clear()
        self.mark_saved()
        self.st["saves"] += 1
        if quitting:
            return ("quit",)
        n = len(u)
        return ("saved", "applied %d byte%s to the original (read back "
                "from the file)" % (n, plural(n)))

    def discard(self):
        """d at the quit prompt."""
        if self.mode == "c":
            return ("quit",)
        c = self.conflicts_map(0, SIZE, True)
        if c:
            return ("conflict", c)
        for p in self.unsaved_list():
            self.file_write(p, self.lbase[p], "discard")
            self.mine[p] = self.lbase[p]
        return ("quit",)

    def keep_theirs(self, ps):
        """k: edit_keep_theirs (journal_adopt of the file's bytes)."""
        for p in ps:
            theirs = self.file[p]
            for e in self.edits:
                if e.off <= p < e.end:
                    e.old[p - e.off] = theirs
                    e.new[p - e.off] = theirs
            self.lbase[p] = theirs
            self.mine[p] = theirs
            if self.mode == "c":
                self.view[p] = theirs
        self.open = False
        self.st["theirs_adopted_bytes"] += len(ps)

    def keep_mine(self, ps):
        """m: edit_keep_mine."""
        for p in ps:
            if self.mode == "w":
                self.file_write(p, self.mine[p], "m")
            else:
                self.lbase[p] = self.file[p]
                self.m_pending.add(p)

    def writer(self, off, data):
        """The other process writes data at off."""
        for i, v in enumerate(data):
            p = off + i
            if p in self.owner:
                self.st["superseded"] += 1
            self.owner[p] = v
            self.file[p] = v
        self.st["writer_writes"] += 1
        self.st["writer_bytes"] += len(data)

    def writer_byte(self, rng, p):
        """A byte for the writer at p that mmhex can tell from its own:
        not the file's byte now, nor any byte mmhex has or had there."""
        avoid = {self.file[p]}
        if p in self.mine:
            avoid.add(self.mine[p])
            avoid.add(self.lbase[p])
        if self.view is not None:
            avoid.add(self.view[p])
        for e in self.edits:
            if e.off <= p < e.end:
                avoid.add(e.old[p - e.off])
                avoid.add(e.new[p - e.off])
        while True:
            v = rng.randrange(256)
            if v not in avoid:
                return v


class Session:
    """Writes the vtdrive script while driving the model."""

    def __init__(self, seed, steps, outdir):
        self.rng = random.Random(seed)
        self.seed = seed
        self.steps = steps
        self.dir = outdir
        self.mode = "w" if seed % 2 == 0 else "c"
        data = bytearray(self.rng.randrange(256) for _ in range(SIZE))
        data[EDITABLE:] = b"\0" * (SIZE - EDITABLE)
        with open(os.path.join(outdir, "data.bin"), "wb") as f:
            f.write(data)
        self.m = Model(self.mode, data)
        self.lines = []
        self.msg = ""           # the message row at the last sync
        self.nsnap = 0
        self.nwrite = 0

    # ---- script -----------------------------------------------------------
    def emit(self, line):
        self.lines.append(line)

    def comment(self, text):
        self.emit("# " + text)

    def status_re(self):
        m = self.m
        name = "write" if self.mode == "w" else "copy-on-write"
        n = m.unsaved()
        edits = " %d unsaved" % n if n else ""
        return (r"\[%s\]%s live[a-z0-9:, ]*  0x%x \(%d\)  of %d" %
                (name, edits, m.cursor, m.cursor, SIZE))

    def row_text(self, off):
        """The hex row mmhex shows for the 16 bytes at off, as lib.sh's
        hex_row lays it out."""
        shown = [self.m.read(p) for p in range(off, off + 16)]
        hexes = " ".join("%02x" % v for v in shown[:8]) + "  " + \
            " ".join("%02x" % v for v in shown[8:])
        chars = "".join(chr(v) if 32 <= v < 127 else "." for v in shown)
        return ("%08x  %s  %s" % (off, hexes, chars)).rstrip()

    def wait_status(self):
        """The status line (unsaved bytes, cursor) and the cursor's row
        (what mmhex shows there: -c's private copy), unless that row
        holds the background writer's bytes."""
        self.emit("waitrowre -2 " + self.status_re())
        row = self.m.cursor - self.m.cursor % 16
        if row + 16 <= EDITABLE:
            self.emit("wait " + self.row_text(row))

    def cmp(self, counter):
        """Compare the file (but bytes 510-511) with the model's now."""
        self.nsnap += 1
        name = "want.%d" % self.nsnap
        with open(os.path.join(self.dir, name), "wb") as f:
            f.write(self.m.file)
        self.emit("sh cmp -n %d data.bin %s" % (EDITABLE, name))
        self.m.st[counter] += 1
        self.m.file_dirty = False

    def check_file(self):
        if self.m.file_dirty:
            self.cmp("file_checks")

    def goto(self, off):
        self.emit("send :0x%x<Enter>" % off)
        self.m.cursor = off
        self.wait_status()

    def clear_message(self):
        """Make the message row differ from what the next key shows."""
        self.emit("send :0x%x<Enter>" % self.m.cursor)
        self.emit("waitrownot -1 " + self.msg)
        self.msg = ""

    def expect_message(self, keys, text):
        """Send keys that must show text on the message row."""
        if text == self.msg:
            self.clear_message()
        self.emit("send " + keys)
        self.emit("waitrowis -1 " + text)
        self.msg = text

    def conflict_label(self, ps):
        rs = ranges_of(ps)
        more = ""
        if len(rs) > 1:
            more = " and %d more range%s" % (len(rs) - 1, plural(len(rs) - 1))
        label = ("conflict: another process changed %d byte%s under your "
                 "edits (0x%x-0x%x%s): k keep theirs, m write mine again, "
                 "c cancel" % (len(ps), plural(len(ps)), rs[0][0], rs[0][1],
                               more))
        return label[:COLS].rstrip()

    # ---- operations with their outcome --------------------------------------
    def run_op(self, keys, op, quitting=False, final=False):
        """Send keys for op (a function of quitting returning an outcome),
        follow it through conflicts; return True when mmhex quit."""
        out = op(quitting)
        while True:
            if out[0] == "quit":
                self.emit("send " + keys)
                self.emit("exit 0")
                return True
            if out[0] in ("msg", "saved"):
                self.expect_message(keys, out[1])
                self.wait_status()
                if out[0] == "saved":
                    self.cmp("saves_checked")
                else:
                    self.check_file()
                return False
            # A conflict: the prompt names it; choose what to keep.
            ps = out[1]
            self.m.st["conflicts"] += 1
            self.comment("conflict over %s" % " ".join(
                "0x%x-0x%x" % (a, b) for a, b in ranges_of(ps)))
            self.expect_message(keys, self.conflict_label(ps))
            self.wait_status()
            if not final and self.rng.random() < 0.25:
                # The other process writes again while the prompt asks:
                # k and m act on the ranges the prompt named (k takes
                # the bytes there as they are then), and the operation,
                # run again, may find new conflicts.
                self.do_writer()
            r = self.rng.random()
            if final:
                choice = "k" if r < 0.55 else "m"
            else:
                choice = "k" if r < 0.45 else "m" if r < 0.8 else "c"
            if choice == "c":
                self.m.st["cancel"] += 1
                self.expect_message("c", "cancelled: nothing written")
                self.wait_status()
                return False
            if choice == "k":
                self.m.st["keep_theirs"] += 1
                self.m.keep_theirs(ps)
            else:
                self.m.st["write_mine"] += 1
                self.m.keep_mine(ps)
            keys = choice
            again = op(quitting)
            if again[0] == "conflict" and \
                    self.conflict_label(again[1]) == self.conflict_label(ps):
                raise RuntimeError("seed %d: the same conflict twice" %
                                   self.seed)
            if again[0] == "conflict":
                self.m.st["conflicts_again"] += 1
            out = again

    def do_type(self):
        m, rng = self.m, self.rng
        r = rng.random()
        if r < 0.3 and m.cursor < EDITABLE:
            off = m.cursor                      # go on typing: a merge
        elif r < 0.6 and m.mine:
            off = rng.choice(sorted(m.mine)) + rng.randint(-2, 2)
        else:
            off = rng.randrange(EDITABLE)
        off = max(0, min(EDITABLE - 1, off))
        hi, lo = rng.randrange(16), rng.randrange(16)
        self.goto(off)
        m.type_byte(off, hi, lo)
        self.emit("send %x%x" % (hi, lo))
        self.wait_status()
        self.msg = ""
        self.check_file()

    def do_writer(self):
        m, rng = self.m, self.rng
        n = rng.randint(1, 8)
        r = rng.random()
        targets = []
        if r < 0.35 and m.cur > 0:
            e = m.edits[m.cur - 1]              # under the next undo
            targets = list(range(e.off, e.end))
        elif r < 0.55 and m.cur < len(m.edits):
            e = m.edits[m.cur]                  # under the next redo
            targets = list(range(e.off, e.end))
        elif r < 0.8 and m.unsaved():
            targets = m.unsaved_list()          # under the next save
        if targets:
            off = rng.choice(targets) - rng.randint(0, n - 1)
        else:
            off = rng.randrange(EDITABLE)
        off = max(0, min(EDITABLE - 1, off))
        n = min(n, EDITABLE - off)
        data = bytearray()
        for i in range(n):
            v = m.writer_byte(rng, off + i)
            data.append(v)
        self.nwrite += 1
        name = "w.%d" % self.nwrite
        with open(os.path.join(self.dir, name), "wb") as f:
            f.write(data)
        self.comment("the other writer: %d byte%s at 0x%x" %
                     (n, plural(n), off))
        self.emit("sh dd if=%s of=data.bin bs=1 seek=%d conv=notrunc "
                  "status=none" % (name, off))
        m.writer(off, data)

    def do_save(self):
        m = self.m
        if self.mode == "w":
            self.run_op("w", m.save)
            return
        if m.unsaved() == 0:
            self.expect_message("P", "no unsaved edits to apply")
            self.wait_status()
            return
        self.expect_message("P", "write the edits into the original file? "
                            "(y/n)")
        self.run_op("y", m.apply)

    def finish(self):
        """q, and whatever the quit prompt asks, until mmhex exits."""
        m, rng = self.m, self.rng
        for rounds in range(4):
            n = m.unsaved()
            if n == 0:
                self.comment("quit")
                self.emit("send q")
                self.emit("exit 0")
                return
            if self.mode == "w":
                prompt = ("%d unsaved byte%s: s save, d discard (undo them "
                          "in the file), c cancel" % (n, plural(n)))
            else:
                prompt = ("%d unsaved byte%s: s save as, a apply to the "
                          "original, d discard, c cancel" % (n, plural(n)))
            self.comment("quit with %d unsaved" % n)
            self.expect_message("q", prompt)
            if rounds == 0 and rng.random() < 0.15:
                # c: back to editing, the message row empty.
                self.emit("send c")
                self.emit("waitrownot -1 unsaved byte")
                self.wait_status()
                self.msg = ""
                continue
            final = rounds == 3
            if self.mode == "w":
                if rng.random() < 0.65:
                    quit = self.run_op("d", lambda q: m.discard(), True,
                                       final)
                else:
                    quit = self.run_op("s", m.save, True, final)
            else:
                if rng.random() < 0.5:
                    quit = self.run_op("d", lambda q: m.discard(), True,
                                       final)
                else:
                    quit = self.run_op("a", m.apply, True, final)
            if quit:
                return
        raise RuntimeError("seed %d: mmhex never quit" % self.seed)

    def generate(self):
        m, rng = self.m, self.rng
        name = "write" if self.mode == "w" else "copy-on-write"
        self.comment("seed %d: mmhex -%s data.bin, %d steps" %
                     (self.seed, self.mode, self.steps))
        self.emit("waitrow -2  data.bin  [%s]" % name)
        self.wait_status()
        for _ in range(self.steps):
            m.st["steps"] += 1
            r = rng.random()
            if r < 0.40:
                self.do_type()
            elif r < 0.56:
                self.run_op("u", lambda q: m.step_edit(False))
            elif r < 0.66:
                self.run_op("<C-r>", lambda q: m.step_edit(True))
            elif r < 0.75:
                self.do_save()
            else:
                self.do_writer()
        m.st["steps"] += 1
        self.finish()
        with open(os.path.join(self.dir, "script"), "w") as f:
            f.write("\n".join(self.lines) + "\n")
        with open(os.path.join(self.dir, "mode"), "w") as f:
            f.write("-%s\n" % self.mode)
        with open(os.path.join(self.dir, "final.bin"), "wb") as f:
            f.write(m.file)
        theirs = {str(p): v for p, v in sorted(m.owner.items())}
        st = dict(m.st)
        st["kept"] = len(theirs)
        st["w_sessions"] = 1 if self.mode == "w" else 0
        with open(os.path.join(self.dir, "model.json"), "w") as f:
            json.dump({"seed": self.seed, "mode": self.mode, "stats": st,
                       "theirs": theirs}, f, indent=1, sort_keys=True)


def check(outdir):
    with open(os.path.join(outdir, "model.json")) as f:
        j = json.load(f)
    with open(os.path.join(outdir, "data.bin"), "rb") as f:
        real = f.read()
    bad = []
    for p, v in sorted((int(p), v) for p, v in j["theirs"].items()):
        if real[p] != v:
            bad.append("0x%x holds 0x%02x, the other writer wrote 0x%02x" %
                       (p, real[p], v))
    if j["stats"]["overwritten_without_m"] != 0:
        bad.append("the model overwrote %d of the other writer's bytes "
                   "without m" % j["stats"]["overwritten_without_m"])
    if bad:
        sys.stderr.write("seed %d (-%s): %s\n" % (j["seed"], j["mode"],
                                                  "; ".join(bad)))
        return 1
    return 0


def total(dirs):
    t = {}
    for d in dirs:
        with open(os.path.join(d, "model.json")) as f:
            st = json.load(f)["stats"]
        for k, v in st.items():
            t[k] = t.get(k, 0) + v
    print("model sessions: %d (%d with -w, %d with -c)" %
          (t["sessions"], t["w_sessions"], t["sessions"] - t["w_sessions"]))
    print("steps: %d (%d bytes typed, %d undos, %d redos, %d saves and "
          "applies)" % (t["steps"], t["typed"], t["undos"], t["redos"],
                        t["saves"]))
    print("writer writes: %d (%d bytes)" % (t["writer_writes"],
                                            t["writer_bytes"]))
    print("conflicts hit: %d (k keep theirs %d, m write mine again %d, "
          "c cancel %d; %d found again after k or m)" %
          (t["conflicts"], t["keep_theirs"], t["write_mine"], t["cancel"],
           t["conflicts_again"]))
    print("writer bytes kept: %d in the file at the end, %d adopted by k, "
          "%d rewritten by the writer, %d typed over by the user" %
          (t["kept"], t["theirs_adopted_bytes"], t["superseded"],
           t["typed_over"]))
    print("writer bytes overwritten: %d without m, %d with m (%d equal to "
          "the user's own byte)" % (t["overwritten_without_m"],
                                    t["overwritten_m"], t["coincided"]))
    print("saves checked: %d (and %d more comparisons of the file)" %
          (t["saves_checked"], t["file_checks"]))
    return 1 if t["overwritten_without_m"] else 0


def main(argv):
    if len(argv) == 5 and argv[1] == "gen":
        Session(int(argv[2]), int(argv[3]), argv[4]).generate()
        return 0
    if len(argv) == 3 and argv[1] == "check":
        return check(argv[2])
    if len(argv) >= 3 and argv[1] == "total":
        return total(argv[2:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
