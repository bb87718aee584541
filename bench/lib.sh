# Shared by the bench scripts: source it.

# report LABEL FILE WIDTH: FILE holds a line per run, "wall rss_kib" or "wall rss_kib user sys"
# as /usr/bin/time -f "%e %M" or "%e %M %U %S" writes them. Prints LABEL (padded to WIDTH), the
# median wall time and its range, the median CPU time when it was recorded, and the peak RSS.
report() {
  python3 - "$1" "$2" "$3" <<'PY'
import statistics, sys
label, path, width = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [line.split() for line in open(path) if line.strip()]
walls = [float(r[0]) for r in rows]
rss = max(int(r[1]) for r in rows) // 1024
cpu = (f"  CPU {statistics.median(float(r[2]) + float(r[3]) for r in rows):.2f} s"
       if all(len(r) >= 4 for r in rows) else "")
print(f"{label:<{width}} median {statistics.median(walls):.2f} s  (min {min(walls):.2f}, max {max(walls):.2f}){cpu}"
      f"  peak RSS {rss} MiB")
PY
}
