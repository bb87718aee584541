package dev.basalt.layer;

import dev.basalt.BasaltException;
import dev.basalt.ParallelTasks;
import dev.basalt.audit.ImageUser;
import dev.basalt.build.BuildStep;
import dev.basalt.cache.CheckedFiles;
import dev.basalt.cache.Digest;
import dev.basalt.fs.AtomicFiles;
import dev.basalt.fs.Content;
import dev.basalt.fs.OutputSwap;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.ImageSource;
import dev.basalt.image.SourceImage;
import dev.basalt.oci.Annotations;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.OciLayoutWriter;
import dev.basalt.oci.PlatformImage;
import dev.basalt.run.RuntimeProfile;
import dev.basalt.sbom.SbomFormat;
import dev.basalt.sign.ImageAttester;
import dev.basalt.sign.InTotoStatement;
import dev.basalt.sign.ProvenanceInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * Layers an application onto a base image, Jib-style but without losing the base's hardening:
 * the base's layers are kept byte for byte (no recompression), each {@link AppLayer} becomes one
 * reproducible layer per platform, the config is the base's with the {@link ConfigChanges}
 * applied, and the result passes the same audit gate as a build before anything is written.
 * Same inputs give the same bytes; an unchanged layer keeps its digest.
 */
public final class LayeredImageBuilder {
  /** The index annotations naming the base, as the OCI image spec defines them. */
  static final String BASE_NAME = "org.opencontainers.image.base.name";
  static final String BASE_DIGEST = "org.opencontainers.image.base.digest";
  /** The layout's subdirectory holding each platform's SBOMs as files, as a build writes them. */
  static final String SBOM_DIR = "sbom";

  private LayeredImageBuilder() {}

  /**
   * Builds {@code request} into its output layout (staged beside it and swapped in only when
   * complete, with SBOMs and provenance attached) and returns what was written.
   *
   * @throws LayerInputException when the request cannot be layered as asked (exit code 2)
   * @throws LayerAuditException when the result fails the audit gate; nothing is written
   * @throws BasaltException when the base cannot be read or built, or writing fails
   */
  public static LayerResult build(LayerRequest request, LayerEnvironment environment) throws BasaltException {
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(environment, "environment == null");
    BaseImages.Opened base = BaseImages.open(request.base(), request.archs(), environment);
    try (ImageSource source = new CheckedOnWrite(base.source())) {
      return build(request, environment, base, source);
    } catch (IOException e) {
      throw new LayerException("cannot close the base " + base.display() + ": " + e.getMessage(), e);
    }
  }

  private static LayerResult build(LayerRequest request, LayerEnvironment env, BaseImages.Opened base,
      ImageSource source) throws BasaltException {
    List<SourceImage> images = select(source, request.archs());
    Path staged;
    try {
      staged = OutputSwap.stage(request.output());
    } catch (IOException e) {
      throw new LayerException("cannot create the output directory beside " + request.output() + ": "
          + e.getMessage(), e);
    }
    try (BackgroundChecks checks = new BackgroundChecks(new CheckedFiles(env.cacheDir()))) {
      Path blobs = Files.createDirectories(staged.resolve("blobs").resolve(Digest.ALGORITHM));
      Path scratch = Files.createDirectories(staged.resolve(".layers"));
      ArchLayering layering = new ArchLayering(request, env, new SourceFiles(), checks);
      List<ArchLayering.Built> built = buildAll(layering, source, images, blobs, scratch);
      Instant created = built.get(0).created();
      OciLayoutWriter layout = new OciLayoutWriter(staged);
      checks.await(layout);
      Descriptor index = layout.write(built.stream().map(ArchLayering.Built::image).toList(),
          annotations(request, base, source, created), request.reference());
      List<Descriptor> referrers = new ArrayList<>();
      Path sbomDir = Files.createDirectories(staged.resolve(SBOM_DIR));
      for (ArchLayering.Built b : built) {
        Descriptor subject = b.image().manifest().descriptor();
        for (Map.Entry<SbomFormat, byte[]> doc : b.sboms().entrySet()) {
          referrers.add(layout.writeReferrer(subject, doc.getKey().mediaType(), doc.getValue(),
              doc.getKey().mediaType(), Map.of(Annotations.CREATED, created.toString())));
          AtomicFiles.write(sbomDir.resolve(request.name() + "-" + b.arch() + doc.getKey().fileSuffix()),
              doc.getValue());
        }
      }
      layout.tag(index, request.reference(), referrers);
      InTotoStatement provenance = provenance(request, base, source, built, index, created);
      ImageAttester.attach(new ImageLocation.Layout(staged, request.reference()), provenance, null);
      ImageUser user = built.get(0).user();
      if (user.uid() != null && user.gid() != null) {
        // The Kubernetes Pod it is meant to run in, as a build writes one beside its image.
        AtomicFiles.write(staged.resolve(request.name() + BuildStep.RUNTIME_SUFFIX), RuntimeProfile.of(request.name(),
            request.name() + "@" + index.digest(), user.uid(), user.gid()).kubernetes().getBytes(StandardCharsets.UTF_8));
      }
      OutputSwap.deleteTree(scratch);
      List<LayerResult.ArchImage> archImages = new ArrayList<>();
      for (ArchLayering.Built b : built) {
        archImages.add(new LayerResult.ArchImage(b.arch(), b.image().manifest().descriptor().digest(),
            b.image().layers().subList(0, b.base().layers().size()).stream().map(l -> l.layer().digest()).toList(),
            b.added(), b.notes()));
      }
      OutputSwap.publish(staged, request.output());
      return new LayerResult(request.name(), index.digest(), request.output(), request.reference(), base.display(),
          source.rootDigest(), archImages, provenance);
    } catch (IOException e) {
      OutputSwap.discard(staged);
      throw new LayerException("writing the image to " + request.output() + " failed: " + e.getMessage(), e);
    } catch (BasaltException | RuntimeException e) {
      OutputSwap.discard(staged);
      throw e;
    }
  }

  /**
   * Each platform on a thread of its own, as many at once as there are processors, when the base
   * is a layout (a file per blob; a docker-archive is one tar read through one channel, so its
   * platforms go one after another): they share only read-only inputs, the source-file hashes
   * (synchronised) and the cache (safe for concurrent use), so a two-platform image takes about
   * as long as one on two cores. Every running platform is waited for, failed or not, so that
   * nothing writes into the staged output after it is discarded; the first failure in platform
   * order is the one thrown.
   */
  private static List<ArchLayering.Built> buildAll(ArchLayering layering, ImageSource source, List<SourceImage> images,
      Path blobs, Path scratch) throws BasaltException, IOException {
    if (images.size() == 1 || !(source.location() instanceof ImageLocation.Layout)) {
      List<ArchLayering.Built> built = new ArrayList<>();
      for (SourceImage image : images) {
        built.add(layering.build(source, image, blobs, scratch));
      }
      return built;
    }
    List<Callable<ArchLayering.Built>> tasks = new ArrayList<>();
    for (SourceImage image : images) {
      tasks.add(() -> layering.build(source, image, blobs, scratch));
    }
    return ParallelTasks.run(tasks, Runtime.getRuntime().availableProcessors(), "basalt-layer",
        e -> new LayerException("layering failed: " + e.getMessage(), e));
  }

  private static List<SourceImage> select(ImageSource source, List<String> archs) throws ImageReadException {
    if (archs == null) {
      return source.images();
    }
    List<SourceImage> out = new ArrayList<>();
    for (String arch : archs) {
      out.addAll(source.images(arch));
    }
    return out;
  }

  private static Map<String, String> annotations(LayerRequest request, BaseImages.Opened base, ImageSource source,
      Instant created) {
    Map<String, String> a = new TreeMap<>(request.annotations());
    a.put(Annotations.CREATED, created.toString());
    a.put("org.opencontainers.image.title", request.name());
    // A local path would make the digest depend on where the base lies: only portable names are kept.
    if (base.preset() != null || source.location() instanceof ImageLocation.Registry) {
      a.put(BASE_NAME, base.display());
    }
    if (source.rootDigest() != null) {
      a.put(BASE_DIGEST, source.rootDigest().toString());
    }
    return a;
  }

  private static InTotoStatement provenance(LayerRequest request, BaseImages.Opened base, ImageSource source,
      List<ArchLayering.Built> built, Descriptor index, Instant created) {
    List<LayeredProvenance.Dependency> deps = new ArrayList<>();
    if (source.rootDigest() != null) {
      deps.add(new LayeredProvenance.Dependency(base.display(), source.rootDigest(), "base"));
    }
    List<ProvenanceInput.Subject> subjects = new ArrayList<>();
    subjects.add(new ProvenanceInput.Subject(request.name(), index.digest()));
    for (ArchLayering.Built b : built) {
      PlatformImage image = b.image();
      subjects.add(new ProvenanceInput.Subject(request.name() + "@" + image.platform(),
          image.manifest().descriptor().digest()));
      SourceImage s = b.base();
      deps.add(new LayeredProvenance.Dependency(base.display() + "@" + s.platformName(),
          s.manifest() != null ? s.manifest() : s.configDigest(), s.manifest() != null ? "base manifest" : "base config"));
      for (Map.Entry<String, Content> f : b.addedFiles().entrySet()) {
        deps.add(new LayeredProvenance.Dependency(LayeredProvenance.FILE_SCHEME + f.getKey(), f.getValue().digest(),
            "added file"));
      }
    }
    return LayeredProvenance.statement(request, base.display(), deps, subjects, created);
  }
}
