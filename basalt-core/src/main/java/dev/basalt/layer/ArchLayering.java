package dev.basalt.layer;

import dev.basalt.BasaltException;
import dev.basalt.audit.AuditInspector;
import dev.basalt.audit.AuditReport;
import dev.basalt.audit.AuditSubject;
import dev.basalt.audit.Auditor;
import dev.basalt.audit.Finding;
import dev.basalt.audit.ImageUser;
import dev.basalt.audit.Rules;
import dev.basalt.audit.TextReport;
import dev.basalt.build.LayerCache;
import dev.basalt.cache.BlobStore;
import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.image.ConfigView;
import dev.basalt.image.FileInspector;
import dev.basalt.image.FlatFile;
import dev.basalt.image.FlatFilesystem;
import dev.basalt.image.ImageSource;
import dev.basalt.image.LayerApplier;
import dev.basalt.image.LayerChanges;
import dev.basalt.image.LayerChangesCache;
import dev.basalt.image.SourceImage;
import dev.basalt.oci.Compression;
import dev.basalt.oci.ImageConfig;
import dev.basalt.oci.Layer;
import dev.basalt.oci.LayerFile;
import dev.basalt.oci.PlatformImage;
import dev.basalt.sbom.SbomFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One platform of a layered image: the base's filesystem flattened (from the cache of layers
 * already read when it can), each application layer planned on it and written (an unchanged
 * layer is taken from the layer cache, same digest), the config, and the audit gate over the
 * final filesystem and config, exactly the rules {@code basalt audit} applies.
 */
final class ArchLayering {
  /** What one platform produced. */
  record Built(String arch, PlatformImage image, SourceImage base, List<LayerResult.AddedLayer> added,
      FlatFilesystem files, Map<String, Content> addedFiles, Instant created, List<String> notes, ImageUser user,
      Map<SbomFormat, byte[]> sboms) {
    Built withSboms(Map<SbomFormat, byte[]> documents) {
      return new Built(arch, image, base, added, files, addedFiles, created, notes, user, documents);
    }
  }

  private final LayerRequest request;
  private final LayerEnvironment env;
  private final SourceFiles files;
  private final BackgroundChecks checks;

  ArchLayering(LayerRequest request, LayerEnvironment env, SourceFiles files, BackgroundChecks checks) {
    this.request = request;
    this.env = env;
    this.files = files;
    this.checks = checks;
  }

  Built build(ImageSource source, SourceImage image, Path blobDir, Path scratch) throws BasaltException, IOException {
    String arch = image.arch();
    FlatFilesystem base = LayerApplier.flatten(source, image, new LayeredInspector(),
        new LayerChangesCache(env.cacheDir()));
    Instant created = created(image);
    long epoch = created.getEpochSecond();
    String user = request.config().user() != null ? request.config().user() : image.config().user();
    ImageUser runtime = ImageUser.of(user, base);
    if ((runtime.isRoot() || user == null || user.isBlank()) && !request.waivers().containsKey(Rules.RUNS_AS_ROOT.id())) {
      throw new LayerInputException("the " + arch + " image would run as root (user '" + (user == null ? "" : user)
          + "'): set a non-root user such as 65532, or waive " + Rules.RUNS_AS_ROOT.id()
          + " deliberately (in a spec: harden: {allow-root: true, reason: ...})");
    }
    ImageView view = new ImageView(base);
    LayerPlanner planner = new LayerPlanner(view, epoch, files, new WriteGuard(runtime, request.waivers()));
    LayerCache cache = new LayerCache(new BlobStore(env.cacheDir()));
    // A directory of its own: two platforms may share an architecture name (arm/v5, arm/v7).
    Path own = Files.createTempDirectory(scratch, arch + "-");
    List<LayerFile> layers = BaseLayers.copy(source, image, blobDir, checks);
    List<LayerResult.AddedLayer> added = new ArrayList<>();
    List<LayeredConfig.Added> history = new ArrayList<>();
    LayerApplier result = new LayerApplier(FileInspector.NONE);
    result.apply(new LayerChanges(new ArrayList<>(base.files()), List.of(), List.of(), base.anomalies()));
    Map<String, Content> addedFiles = new TreeMap<>();
    int n = 0;
    for (AppLayer appLayer : request.layers()) {
      FileTree tree = planner.plan(appLayer);
      Layer layer = cache.layerFor(tree, epoch, Compression.GZIP, own.resolve(n++ + ".layer"));
      layers.add(new LayerFile(layer, cache.blob(layer)));
      added.add(new LayerResult.AddedLayer(appLayer.name(), layer.digest(), layer.size(), layer.diffId(), tree.size()));
      history.add(new LayeredConfig.Added(layer.diffId(), "basalt layer " + appLayer.name(),
          tree.size() + " entries from " + appLayer.sources().size() + " source"
              + (appLayer.sources().size() == 1 ? "" : "s")));
      result.apply(new LayerChanges(inspected(tree, addedFiles), List.of(), List.of(), List.of()));
    }
    ImageConfig config = LayeredConfig.of(image.config(),
        LayeredConfig.history(source.configBytes(image), source.location().display() + " config"), created,
        request.config(), history, "basalt layer: config of " + request.name());
    FlatFilesystem finalFiles = result.result();
    List<String> notes = gate(arch, config, finalFiles);
    Built built = new Built(arch, new PlatformImage(config, layers, Map.of()), image, added, finalFiles, addedFiles,
        created, notes, runtime, Map.of());
    // The SBOMs here, on this platform's thread, rather than one platform after another at the end.
    return built.withSboms(LayeredSboms.documents(request, built.image().manifest().descriptor().digest(),
        source.location(), built));
  }

  private Instant created(SourceImage image) throws LayerInputException {
    Instant created = request.created() != null ? request.created()
        : image.config().created() != null ? image.config().created() : Instant.EPOCH;
    if (created.getEpochSecond() < 0) {
      throw new LayerInputException("the creation time " + created + " lies before 1970");
    }
    return Instant.ofEpochSecond(created.getEpochSecond());
  }

  /** The audit gate: findings at the request's fail level refuse the image; returns the summary notes. */
  private List<String> gate(String arch, ImageConfig config, FlatFilesystem finalFiles) throws LayerAuditException {
    ConfigView view;
    try {
      view = ConfigView.parse(config.toJson(), "the config of " + request.name());
    } catch (dev.basalt.image.ImageReadException e) {
      throw new IllegalStateException("basalt wrote a config it cannot read back", e);
    }
    AuditReport audit = Auditor.audit(new AuditSubject(request.name(), arch, view, finalFiles, null, Instant.now()),
        new Auditor.Policy(Set.of(), request.waivers()));
    List<Finding> failing = audit.failing(request.failLevel());
    if (!failing.isEmpty()) {
      throw new LayerAuditException(request.name(), arch, audit, failing, request.failLevel());
    }
    List<String> notes = new ArrayList<>();
    notes.add("audit " + TextReport.counts(audit));
    for (Finding f : audit.findings()) {
      if (f.waived()) {
        notes.add("audit: " + f.rule().id() + " waived (" + f.waiver() + "): " + String.join(", ", f.evidence()));
      }
    }
    return notes;
  }

  /** The tree's entries as the audit sees them, their contents inspected as a layer's would be. */
  private static List<FlatFile> inspected(FileTree tree, Map<String, Content> addedFiles) throws IOException {
    AuditInspector inspector = new AuditInspector();
    List<FlatFile> out = new ArrayList<>(tree.size());
    for (FileEntry e : tree.entries()) {
      if (e instanceof FileEntry.Directory d) {
        out.add(new FlatFile(d.path(), FlatFile.Type.DIRECTORY, d.mode(), d.uid(), d.gid(), 0, null, false, Set.of(),
            null));
      } else if (e instanceof FileEntry.Symlink l) {
        out.add(new FlatFile(l.path(), FlatFile.Type.SYMLINK, 0777, l.uid(), l.gid(), 0, l.target(), false, Set.of(),
            null));
        addedFiles.remove(l.path());
      } else if (e instanceof FileEntry.RegularFile f) {
        FileInspector.Inspection seen;
        try (InputStream in = f.content().open()) {
          seen = inspector.inspect(f.path(), f.size(), in);
        }
        out.add(new FlatFile(f.path(), FlatFile.Type.FILE, f.mode(), f.uid(), f.gid(), f.size(), null, false,
            seen.marks(), seen.content()));
        addedFiles.put(f.path(), f.content());
      }
    }
    return out;
  }
}
