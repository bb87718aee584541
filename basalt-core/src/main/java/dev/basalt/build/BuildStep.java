package dev.basalt.build;

import dev.basalt.BasaltException;
import dev.basalt.audit.AuditReport;
import dev.basalt.audit.Auditor;
import dev.basalt.audit.BuildAudit;
import dev.basalt.audit.Finding;
import dev.basalt.audit.Rules;
import dev.basalt.audit.TextReport;
import dev.basalt.cache.Digest;
import dev.basalt.debian.DebContents;
import dev.basalt.debian.DebContentsCache;
import dev.basalt.debian.Resolution;
import dev.basalt.effects.AccountsEffect;
import dev.basalt.effects.EffectContext;
import dev.basalt.effects.EffectResult;
import dev.basalt.effects.Effects;
import dev.basalt.effects.InstalledPackage;
import dev.basalt.effects.MaintainerScriptReport;
import dev.basalt.fs.AtomicFiles;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.OutputSwap;
import dev.basalt.harden.HardenReport;
import dev.basalt.harden.Hardener;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.LayerChangesCache;
import dev.basalt.lock.LockFile;
import dev.basalt.lock.LockFiles;
import dev.basalt.oci.Annotations;
import dev.basalt.oci.Compression;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.DockerArchiveWriter;
import dev.basalt.oci.ImageConfig;
import dev.basalt.oci.Layer;
import dev.basalt.oci.LayerFile;
import dev.basalt.oci.OciLayoutWriter;
import dev.basalt.oci.Platform;
import dev.basalt.oci.PlatformImage;
import dev.basalt.run.RuntimeProfile;
import dev.basalt.sbom.SbomFormat;
import dev.basalt.sign.ImageAttester;
import dev.basalt.sign.InTotoStatement;
import dev.basalt.sign.ProvenanceInput;
import dev.basalt.sign.SlsaProvenance;
import dev.basalt.spec.ImageSpec;
import dev.basalt.vuln.ImageScanner;
import dev.basalt.vuln.VulnGate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * The whole pipeline for one spec: resolve (or take the lock), fetch, read the packages,
 * assemble each architecture's tree, produce the maintainer scripts' effects, harden, write a
 * reproducible layer, config and manifest per architecture and an index across them. The
 * output is built beside its final path and swapped in only when complete.
 */
public final class BuildStep {
  /** The OCI layout's reference name for the built index. */
  public static final String REFERENCE = "latest";
  static final String PATH_ENV = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  static final String CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
  static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";
  static final String ARCH_VARIABLE = "${arch}";

  /** What a build needs besides the spec. */
  public record Options(
      ResolveStep.Options resolve, Path out, Path tar, Compression compression, Map<String, String> environment,
      VulnGate vulnGate) {
    public Options {
      Objects.requireNonNull(resolve, "resolve == null");
      Objects.requireNonNull(out, "out == null");
      Objects.requireNonNull(compression, "compression == null");
      environment = Map.copyOf(environment);
    }

    /** Without a vulnerability gate. */
    public Options(ResolveStep.Options resolve, Path out, Path tar, Compression compression,
        Map<String, String> environment) {
      this(resolve, out, tar, compression, environment, null);
    }
  }

  /** One architecture's image. */
  public record ArchImage(
      String arch, Descriptor manifest, long compressedSize, long uncompressedSize, int packages,
      long prunedBytes, long epoch, List<String> notes, Map<String, Long> bytesByPackage) {
    public ArchImage {
      notes = List.copyOf(notes);
      bytesByPackage = java.util.Collections.unmodifiableMap(new TreeMap<>(bytesByPackage));
    }
  }

  /** What basalt itself wrote, in {@link ArchImage#bytesByPackage()}. */
  public static final String GENERATED = "(basalt)";
  /** The runtime profile's file in the layout: {@code <name>.runtime.yaml}, a Kubernetes Pod. */
  public static final String RUNTIME_SUFFIX = ".runtime.yaml";
  /** The layout's subdirectory holding each platform's SBOMs as files. */
  public static final String SBOM_DIR = "sbom";

  /** The built image: its index digest, where it was written and each architecture. */
  public record Result(String name, Digest digest, Path layout, Path tar, List<ArchImage> images, Path lockUsed,
      InTotoStatement provenance) {
    public Result {
      images = List.copyOf(images);
    }
  }

  private BuildStep() {}

  public static Result run(ImageSpec spec, Options options) throws BasaltException {
    ResolveStep.Result resolved = ResolveStep.run(spec, options.resolve());
    var downloader = options.resolve().downloader();
    Map<Digest, Path> debs = FetchStep.run(spec, resolved.resolutions(), downloader, options.resolve().mirrors());
    DebContentsCache contentsCache = new DebContentsCache(downloader.store().root());
    List<Digest> order = new ArrayList<>(debs.keySet());
    List<Callable<DebContents>> reads = new ArrayList<>();
    for (Digest d : order) {
      reads.add(() -> contentsCache.read(debs.get(d), d));
    }
    List<DebContents> read = downloader.all(reads);
    Map<Digest, DebContents> contents = new LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      contents.put(order.get(i), read.get(i));
    }

    Path staged;
    try {
      staged = OutputSwap.stage(options.out());
    } catch (IOException e) {
      throw new BuildException("cannot create the output directory beside " + options.out() + ": " + e.getMessage(), e);
    }
    try {
      Path layersTmp = Files.createDirectories(staged.resolve(".layers"));
      List<Callable<Built>> archTasks = new ArrayList<>();
      for (Resolution r : resolved.resolutions()) {
        archTasks.add(() -> {
          try {
            return buildArch(spec, r, contents, options, layersTmp);
          } catch (IOException e) {
            // Named here: the task pool would report it only as a failed task.
            throw writeFailure(options.out(), e);
          }
        });
      }
      // Architectures are independent; on two cores they compress side by side.
      List<Built> built = downloader.all(archTasks);
      OciLayoutWriter layout = new OciLayoutWriter(staged);
      List<PlatformImage> images = built.stream().map(Built::image).toList();
      Descriptor index = layout.write(images, imageAnnotations(spec, built.get(0).epoch()), REFERENCE);
      // Each platform's SBOMs: OCI 1.1 referrers of its manifest (listed in index.json, so a
      // push carries them), and plain files under sbom/ for people and scanners.
      List<Descriptor> referrers = new ArrayList<>();
      Path sbomDir = Files.createDirectories(staged.resolve(SBOM_DIR));
      for (Built b : built) {
        Descriptor subject = b.image().manifest().descriptor();
        for (Map.Entry<SbomFormat, byte[]> doc : b.sboms().entrySet()) {
          referrers.add(layout.writeReferrer(subject, doc.getKey().mediaType(), doc.getValue(), doc.getKey().mediaType(),
              Map.of(Annotations.CREATED, Instant.ofEpochSecond(b.epoch()).toString())));
          AtomicFiles.write(sbomDir.resolve(spec.name() + "-" + b.arch() + doc.getKey().fileSuffix()), doc.getValue());
        }
      }
      layout.tag(index, REFERENCE, referrers);
      // SLSA provenance of the whole image, unsigned here; build --key attaches a signed copy.
      InTotoStatement provenance = provenance(spec, resolved, built, index);
      ImageAttester.attach(new ImageLocation.Layout(staged, REFERENCE), provenance, null);
      AtomicFiles.write(staged.resolve(spec.name() + RUNTIME_SUFFIX),
          runtimeProfile(spec, spec.name() + "@" + index.digest()).kubernetes().getBytes(StandardCharsets.UTF_8));
      if (options.tar() != null) {
        Path tmp = AtomicFiles.tempSibling(options.tar());
        try {
          new DockerArchiveWriter(built.get(0).epoch()).write(images.get(0), spec.name() + ":" + REFERENCE, tmp);
          AtomicFiles.commit(tmp, options.tar());
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      OutputSwap.deleteTree(layersTmp);
      List<ArchImage> archImages = new ArrayList<>();
      for (int i = 0; i < built.size(); i++) {
        Built b = built.get(i);
        Descriptor manifest = Descriptor.of(dev.basalt.oci.MediaTypes.OCI_MANIFEST, b.image().manifest().toJson());
        archImages.add(new ArchImage(b.arch(), manifest, b.layer().size(), b.layer().uncompressedSize(),
            b.packages(), b.hardening().prunedBytes(), b.epoch(), b.notes(), b.bytesByPackage()));
      }
      OutputSwap.publish(staged, options.out());
      return new Result(spec.name(), index.digest(), options.out(), options.tar(), archImages, resolved.lockUsed(),
          provenance);
    } catch (IOException e) {
      OutputSwap.discard(staged);
      throw writeFailure(options.out(), e);
    } catch (BasaltException | RuntimeException e) {
      OutputSwap.discard(staged);
      throw e;
    }
  }

  private static BuildException writeFailure(Path out, IOException e) {
    return new BuildException("writing the image to " + out + " failed: " + e.getMessage(), e);
  }

  private record Built(String arch, PlatformImage image, Layer layer, int packages, HardenReport hardening,
      long epoch, List<String> notes, Map<String, Long> bytesByPackage, Map<SbomFormat, byte[]> sboms) {}

  private static Built buildArch(ImageSpec spec, Resolution resolution, Map<Digest, DebContents> contents,
      Options options, Path layersTmp) throws BasaltException, IOException {
    String arch = resolution.arch();
    List<DebContents> packages = new ArrayList<>();
    for (Resolution.Resolved rp : resolution.packages()) {
      packages.add(contents.get(Digest.parse(rp.pkg().sha256())));
    }
    packages.sort(Comparator.comparing(DebContents::name));
    long epoch = epoch(packages, options.environment());

    List<TreeAssembler.Input> inputs = new ArrayList<>();
    for (DebContents c : packages) {
      inputs.add(new TreeAssembler.Input(c.name(), c.control().value("Replaces"), c.entries()));
    }
    FileTree tree = TreeAssembler.assemble(inputs, epoch);
    // Before hardening prunes anything: the licenses as every package's copyright file states them.
    List<String> policyNotes = PolicyStep.checkLicenses(spec, resolution, tree);
    List<InstalledPackage> installed = packages.stream()
        .map(c -> new InstalledPackage(c.name(), c.version(), c.architecture(), c.controlText(), c.md5sums(), c.maintainerScripts()))
        .toList();
    List<String> notes = new ArrayList<>(policyNotes);
    if (spec.harden().allowShell() || spec.harden().allowPackageManager()) {
      notes.add("DEBUG VARIANT: harden allows " + (spec.harden().allowShell() ? "a shell" : "")
          + (spec.harden().allowShell() && spec.harden().allowPackageManager() ? " and " : "")
          + (spec.harden().allowPackageManager() ? "a package manager" : "") + " (" + spec.harden().reason()
          + "); not for production");
    }
    for (EffectResult r : Effects.applyStandard(tree, new EffectContext(arch, epoch, installed, spec.accounts()))) {
      notes.addAll(r.notes());
    }
    // Never silently skipped: what maintainer scripts would have done that basalt does not.
    notes.addAll(MaintainerScriptReport.summary(installed));
    HardenReport hardening = new Hardener(spec.harden(), spec.accounts()).harden(tree);
    notes.addAll(hardening.summary());
    // After hardening: what the spec states explicitly (an owner, a mode) is not second-guessed.
    SpecPaths.apply(spec, tree, epoch, arch);

    LayerCache layers = new LayerCache(options.resolve().downloader().store());
    Layer layer = layers.layerFor(tree, epoch, options.compression(), layersTmp.resolve(arch + ".layer"));
    Path layerFile = layers.blob(layer);
    Instant created = Instant.ofEpochSecond(epoch);
    ImageConfig.Builder config = ImageConfig.builder(Platform.ofDebian(arch), created)
        .user(configUser(spec.accounts()))
        .env("PATH", PATH_ENV);
    if (tree.contains(CA_BUNDLE)) {
      config.env("SSL_CERT_FILE", CA_BUNDLE);
    }
    Map<String, String> environment = new TreeMap<>();
    spec.environment().forEach((k, v) -> environment.put(k, expandArch(v, arch)));
    config.env(environment)
        .entrypoint(spec.entrypoint())
        .cmd(spec.cmd())
        .workingDir(spec.workDir());
    imageLabels(spec).forEach(config::label);
    config.layer(layer.diffId(), "basalt build " + spec.name() + " (" + arch + ")",
        packages.size() + " Debian packages, hardened");
    ImageConfig builtConfig = config.build();
    // The gate: the image is audited from the tree and config it is made of, before anything is written.
    AuditReport audit = BuildAudit.audit(spec.name(), arch, tree, builtConfig,
        new Auditor.Policy(Set.of(), waivers(spec)), Instant.now(),
        new LayerChangesCache(options.resolve().downloader().store().root()), layer.descriptor().digest());
    List<Finding> failing = audit.failing(spec.audit().failLevel());
    if (!failing.isEmpty()) {
      throw new AuditGateException(spec, arch, audit, failing);
    }
    notes.add("audit " + TextReport.counts(audit));
    for (Finding f : audit.findings()) {
      if (f.waived()) {
        notes.add("audit: " + f.rule().id() + " waived (" + f.waiver() + "): " + String.join(", ", f.evidence()));
      }
    }
    // The vulnerability gate scans the same tree; without a database the summary says no scan was done.
    notes.add(options.vulnGate() == null ? VulnGate.NOT_SCANNED
        : options.vulnGate().check(spec.name(), arch, BuildAudit.view(tree, ImageScanner.INSPECTOR)));
    PlatformImage image = new PlatformImage(builtConfig, List.of(new LayerFile(layer, layerFile)), Map.of());
    Map<String, Digest> debDigests = new HashMap<>();
    for (Resolution.Resolved rp : resolution.packages()) {
      debDigests.put(rp.pkg().name(), Digest.parse(rp.pkg().sha256()));
    }
    Map<SbomFormat, byte[]> sboms = SbomStep.documents(spec.name(), image.manifest().descriptor().digest(), arch,
        resolution, packages, debDigests, tree, epoch);
    return new Built(arch, image, layer, packages.size(), hardening, epoch, notes, bytesByPackage(tree), sboms);
  }

  /**
   * {@code SOURCE_DATE_EPOCH} when set, else the newest modification time in the selected
   * packages' contents, as apko takes the newest package's build date. Never the wall clock,
   * never an InRelease date (those change several times a day).
   */
  static long epoch(List<DebContents> packages, Map<String, String> environment) throws BuildException {
    String fixed = environment.get(SOURCE_DATE_EPOCH);
    if (fixed != null && !fixed.isBlank()) {
      try {
        long v = Long.parseLong(fixed.trim());
        if (v < 0) {
          throw new NumberFormatException();
        }
        return v;
      } catch (NumberFormatException e) {
        throw new BuildException(SOURCE_DATE_EPOCH + " must be a non-negative number of seconds, not '" + fixed + "'");
      }
    }
    long newest = 0;
    for (DebContents c : packages) {
      for (FileEntry e : c.entries()) {
        newest = Math.max(newest, e.mtime());
      }
    }
    return newest;
  }

  /** Where the image's bytes go: file content per package that shipped it, after pruning. */
  static Map<String, Long> bytesByPackage(FileTree tree) {
    Map<String, Long> bytes = new TreeMap<>();
    for (FileEntry e : tree.entries()) {
      if (e instanceof FileEntry.RegularFile f) {
        bytes.merge(f.owner() == null ? GENERATED : f.owner(), f.size(), Long::sum);
      }
    }
    return bytes;
  }

  /** {@code ${arch}} in a spec value stands for the Debian architecture being built. */
  static String expandArch(String value, String arch) {
    return value.replace(ARCH_VARIABLE, arch);
  }

  /** Numeric, so that Kubernetes' runAsNonRoot can check it without reading /etc/passwd. */
  /**
   * The provenance: the spec, every installed {@code .deb} and each suite's InRelease as a lock
   * pins them (archive and pool path, never a mirror), the fixed build date, and the image's
   * root and platform digests as subjects.
   */
  private static InTotoStatement provenance(ImageSpec spec, ResolveStep.Result resolved, List<Built> built,
      Descriptor index) {
    LockFile lock = resolved.lock() != null ? resolved.lock()
        : LockFiles.of(spec, resolved.suites(), resolved.resolutions());
    List<ProvenanceInput.Package> packages = new ArrayList<>();
    lock.archs().values().forEach(list -> list.forEach(p -> packages.add(ProvenanceInput.Package.of(p))));
    List<ProvenanceInput.Subject> subjects = new ArrayList<>();
    subjects.add(new ProvenanceInput.Subject(spec.name(), index.digest()));
    for (Built b : built) {
      subjects.add(new ProvenanceInput.Subject(spec.name() + "@" + b.image().platform(),
          b.image().manifest().descriptor().digest()));
    }
    return SlsaProvenance.statement(new ProvenanceInput(spec.name(), spec.digest(), Map.of(),
        packages, lock.suites().stream().map(ProvenanceInput.Release::of).toList(),
        Instant.ofEpochSecond(built.get(0).epoch()), subjects));
  }

  /** What the spec deliberately allows: its audit.waive entries, and the rules its harden allow-* keys loosen. */
  static Map<String, String> waivers(ImageSpec spec) {
    return waivers(spec.audit(), spec.harden());
  }

  /** The audit.waive entries, and the rules the harden allow-* keys loosen (with the harden reason). */
  public static Map<String, String> waivers(ImageSpec.Audit audit, ImageSpec.Harden h) {
    Map<String, String> waivers = new TreeMap<>(audit.waive());
    String reason = h.reason() == null ? "" : h.reason();
    if (h.allowShell()) {
      waivers.putIfAbsent(Rules.SHELL.id(), "harden.allow-shell: " + reason);
    }
    if (h.allowPackageManager()) {
      waivers.putIfAbsent(Rules.PACKAGE_MANAGER.id(), "harden.allow-package-manager: " + reason);
    }
    if (h.allowSetuid()) {
      waivers.putIfAbsent(Rules.SETUID.id(), "harden.allow-setuid: " + reason);
    }
    if (h.allowRoot()) {
      waivers.putIfAbsent(Rules.RUNS_AS_ROOT.id(), "harden.allow-root: " + reason);
    }
    return waivers;
  }

  static String configUser(ImageSpec.Accounts accounts) {
    return AccountsEffect.ACCOUNTS.stream()
        .filter(a -> a.name().equals(accounts.runAs()))
        .findFirst()
        .map(a -> Integer.toString(a.uid()))
        .orElse(accounts.runAs());
  }

  static Map<String, String> imageLabels(ImageSpec spec) {
    Map<String, String> labels = new TreeMap<>();
    labels.put("org.opencontainers.image.title", spec.name());
    labels.put("dev.basalt.spec.sha256", spec.digest().hex());
    labels.putAll(spec.annotations());
    return labels;
  }

  private static Map<String, String> imageAnnotations(ImageSpec spec, long epoch) {
    Map<String, String> annotations = new TreeMap<>(imageLabels(spec));
    annotations.put("org.opencontainers.image.created", Instant.ofEpochSecond(epoch).toString());
    annotations.put(RuntimeProfile.ANNOTATION, runtimeProfile(spec, spec.name()).summary());
    return annotations;
  }

  /** The profile the image is meant to run under: its account's uid and gid, /tmp writable. */
  static RuntimeProfile runtimeProfile(ImageSpec spec, String image) {
    AccountsEffect.Account account = AccountsEffect.ACCOUNTS.stream()
        .filter(a -> a.name().equals(spec.accounts().runAs())).findFirst()
        .orElseThrow(() -> new IllegalStateException("run-as was checked when the accounts were made"));
    // Each account's group has the account's id (AccountsEffect).
    return RuntimeProfile.of(spec.name(), image, account.uid(), account.uid());
  }
}
