package dev.basalt.update;

import dev.basalt.BasaltException;
import dev.basalt.build.FetchStep;
import dev.basalt.build.ResolveStep;
import dev.basalt.cache.Digest;
import dev.basalt.debian.ArchiveException;
import dev.basalt.debian.BinaryPackage;
import dev.basalt.debian.Changelog;
import dev.basalt.debian.DebContents;
import dev.basalt.debian.DebContentsCache;
import dev.basalt.debian.DebianVersion;
import dev.basalt.debian.PackageChangelogs;
import dev.basalt.debian.Resolution;
import dev.basalt.lock.LockFile;
import dev.basalt.lock.LockFiles;
import dev.basalt.spec.ImageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code basalt lock --update}: resolves afresh, reports what changed against the old lock (with
 * the CVEs the new packages' changelogs name since the old versions), then writes the new lock.
 * Nothing is written when any step fails.
 */
public final class LockUpdate {
  private LockUpdate() {}

  public static LockChangeReport run(ImageSpec spec, Path lockPath, ResolveStep.Options options)
      throws BasaltException {
    LockFile old = Files.isRegularFile(lockPath) ? LockFiles.read(lockPath) : null;
    ResolveStep.Result fresh = ResolveStep.resolveFresh(spec, spec.archs(), options);
    LockFile now = LockFiles.of(spec, fresh.suites(), fresh.resolutions());
    List<LockChangeReport.Pkg> added = new ArrayList<>();
    List<LockChangeReport.Pkg> removed = new ArrayList<>();
    List<Pending> pending = new ArrayList<>();
    for (Resolution r : fresh.resolutions()) {
      Map<String, LockFile.Package> before = byName(old == null ? List.of() : old.archs().getOrDefault(r.arch(), List.of()));
      Map<String, LockFile.Package> after = byName(now.archs().get(r.arch()));
      for (Resolution.Resolved rp : r.packages()) {
        LockFile.Package was = before.get(rp.pkg().name());
        if (was == null) {
          added.add(new LockChangeReport.Pkg(r.arch(), rp.pkg().name(), rp.pkg().version()));
        } else if (!was.version().equals(rp.pkg().version())) {
          pending.add(new Pending(r.arch(), was, after.get(rp.pkg().name()), rp.pkg()));
        }
      }
      before.keySet().stream().filter(n -> !after.containsKey(n)).forEach(n ->
          removed.add(new LockChangeReport.Pkg(r.arch(), n, before.get(n).version())));
    }
    List<LockChangeReport.Change> changed = changes(spec, pending, fresh.resolutions(), options);
    try {
      LockFiles.write(now, lockPath);
    } catch (IOException e) {
      throw new ArchiveException("cannot write lock file " + lockPath + ": " + e.getMessage(), e);
    }
    return new LockChangeReport(lockPath.toString(), added, removed, changed);
  }

  private record Pending(String arch, LockFile.Package was, LockFile.Package now, BinaryPackage pkg) {}

  private static Map<String, LockFile.Package> byName(List<LockFile.Package> packages) {
    Map<String, LockFile.Package> map = new TreeMap<>();
    packages.forEach(p -> map.put(p.name(), p));
    return map;
  }

  /** Fetches the changed packages (and, when a doc link leads there, their siblings) and reads their changelogs. */
  private static List<LockChangeReport.Change> changes(ImageSpec spec, List<Pending> pending,
      List<Resolution> resolutions, ResolveStep.Options options) throws BasaltException {
    DebContentsCache contents = new DebContentsCache(options.downloader().store().root());
    Map<String, DebContents> read = new HashMap<>();
    List<Resolution> wanted = new ArrayList<>();
    for (Resolution r : resolutions) {
      List<Resolution.Resolved> changedHere = r.packages().stream()
          .filter(rp -> pending.stream().anyMatch(p -> p.arch().equals(r.arch()) && p.pkg() == rp.pkg())).toList();
      wanted.add(new Resolution(r.arch(), changedHere, List.of()));
    }
    Map<Digest, Path> debs = FetchStep.run(spec, wanted, options.downloader(), options.mirrors());
    List<LockChangeReport.Change> out = new ArrayList<>();
    for (Pending p : pending) {
      DebContents deb = contents(contents, read, debs, p.pkg());
      Resolution arch = resolutions.stream().filter(r -> r.arch().equals(p.arch())).findFirst().orElseThrow();
      PackageChangelogs.Found found = PackageChangelogs.find(deb, path -> sibling(spec, arch, p.pkg(), path,
          contents, read, options));
      List<Changelog.Entry> entries = new ArrayList<>();
      if (found.source() != null) {
        // The source changelog speaks of source versions; a binNMU's own file of binary versions.
        entries.addAll(found.source().between(DebianVersion.parse(p.was().sourceVersion()),
            DebianVersion.parse(p.now().sourceVersion())));
      }
      if (found.binNmu() != null) {
        entries.addAll(found.binNmu().between(DebianVersion.parse(p.was().version()),
            DebianVersion.parse(p.now().version())));
      }
      List<String> logs = new ArrayList<>();
      if (found.source() != null) {
        logs.add(found.sourcePath());
      }
      if (found.binNmu() != null) {
        logs.add(found.binNmuPath());
      }
      out.add(new LockChangeReport.Change(p.arch(), p.pkg().name(), p.was().version(), p.pkg().version(),
          Changelog.cves(entries), logs));
    }
    return out;
  }

  private static DebContents contents(DebContentsCache cache, Map<String, DebContents> read, Map<Digest, Path> debs,
      BinaryPackage p) throws ArchiveException {
    DebContents c = read.get(p.sha256());
    if (c == null) {
      Digest d = Digest.parse(p.sha256());
      c = cache.read(debs.get(d), d);
      read.put(p.sha256(), c);
    }
    return c;
  }

  /** The package of the same source in this architecture's resolution that ships {@code path}, or null. */
  private static DebContents sibling(ImageSpec spec, Resolution arch, BinaryPackage of, String path,
      DebContentsCache cache, Map<String, DebContents> read, ResolveStep.Options options) throws ArchiveException {
    List<Resolution.Resolved> siblings = new ArrayList<>(arch.packages().stream()
        .filter(rp -> rp.pkg() != of && rp.pkg().sourceName().equals(of.sourceName())).toList());
    // The directory a link names is normally the sibling's own: try that one first.
    String dir = path.startsWith("/usr/share/doc/") ? path.substring("/usr/share/doc/".length()).split("/")[0] : "";
    siblings.sort((a, b) -> Boolean.compare(!a.pkg().name().equals(dir), !b.pkg().name().equals(dir)));
    for (Resolution.Resolved rp : siblings) {
      Map<Digest, Path> deb;
      try {
        deb = FetchStep.run(spec, List.of(new Resolution(arch.arch(), List.of(rp), List.of())), options.downloader(),
            options.mirrors());
      } catch (ArchiveException e) {
        throw e;
      } catch (BasaltException e) {
        throw new ArchiveException("cannot fetch " + rp.pkg() + " for its changelog: " + e.getMessage(), e);
      }
      DebContents c = contents(cache, read, deb, rp.pkg());
      if (c.entries().stream().anyMatch(e -> e.path().equals(path))) {
        return c;
      }
    }
    return null;
  }
}
