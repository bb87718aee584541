package dev.basalt.registry;

import dev.basalt.BasaltException;
import dev.basalt.ParallelTasks;
import dev.basalt.cache.Digest;
import dev.basalt.image.ImageLocation;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.ImageIndex;
import dev.basalt.oci.MediaTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Pushes an OCI layout's image to a repository: every platform's blobs (in parallel, skipping
 * those present, mounting those seen in a sibling repository), the manifests after their blobs,
 * the root last under the tag, then the referrer artifacts by digest (with the {@code sha256-<hex>}
 * fallback tag where the registry has no referrers API) and the cosign tag-scheme entries. A
 * tag is only ever set once everything under it is present.
 */
public final class RegistryPusher {
  /** Upload tuning and the record of where blobs were seen. */
  public record Options(long chunkSize, long monolithicLimit, BlobSightings sightings) {
    public Options {
      Objects.requireNonNull(sightings, "sightings == null");
    }

    public static Options defaults() {
      return new Options(BlobUploader.DEFAULT_CHUNK_SIZE, BlobUploader.DEFAULT_MONOLITHIC_LIMIT, BlobSightings.load());
    }
  }

  /** How referrers were made findable: no referrers, the registry's API, or the fallback tag scheme. */
  public enum ReferrersMode { NONE, API, FALLBACK_TAG }

  /** What a push did. */
  public record Result(RegistryReference target, Digest digest, int blobsUploaded, int blobsMounted, int blobsPresent,
      long bytesUploaded, int manifestsPut, List<String> tags, ReferrersMode referrers) {
    public Result {
      tags = List.copyOf(tags);
    }
  }

  private RegistryPusher() {}

  /**
   * Pushes the image {@code source} names (the layout's one tagged image, or the one its
   * reference names) to {@code target}, tagged with its tag ({@code latest} when none is given).
   */
  public static Result push(ImageLocation.Layout source, RegistryReference target, RegistryOptions options,
      Options push) throws BasaltException {
    if (target.digest() != null) {
      throw new ReferenceException("push to a tag, " + target.registry() + "/" + target.repository() + "[:TAG], not to "
          + "a digest: the digest is that of the content pushed");
    }
    // The connection (the HTTP client's classes, the registry's auth) and the layout's JSON load
    // on two threads at once: in a short-lived JVM each costs a few hundred milliseconds.
    CompletableFuture<RegistryClient> opening = CompletableFuture.supplyAsync(() -> {
      try {
        return RegistryClient.forPush(target, options);
      } catch (RegistryException e) {
        throw new CompletionException(e);
      }
    });
    PushPlan plan = PushPlan.read(source);
    RegistryClient client = await(opening);
    BlobUploader uploader = new BlobUploader(client, push.chunkSize(), push.monolithicLimit());

    List<Callable<BlobUploader.Outcome>> tasks = new ArrayList<>();
    List<PushPlan.Blob> blobs = new ArrayList<>(plan.blobs.values());
    for (PushPlan.Blob b : blobs) {
      Optional<String> from = push.sightings().mountSource(target.registry(), target.repository(), b.digest());
      tasks.add(() -> uploader.push(b.digest(), b.size(), b.file(), from));
    }
    List<BlobUploader.Outcome> outcomes = ParallelTasks.run(tasks, options.parallelism(), RegistryClient.TRANSFER_THREAD, RegistryClient::transferFailed);
    int uploaded = 0;
    int mounted = 0;
    long bytes = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i) == BlobUploader.Outcome.UPLOADED) {
        uploaded++;
        bytes += blobs.get(i).size();
      } else if (outcomes.get(i) == BlobUploader.Outcome.MOUNTED) {
        mounted++;
      }
    }
    push.sightings().record(target.registry(), target.repository(), plan.blobs.keySet());
    push.sightings().save();

    Counter put = new Counter();
    List<String> tags = new ArrayList<>();
    String tag = target.tagOrDefault();
    putAll(client, plan.image, tag, put);
    tags.add(tag);
    for (PushPlan.Manifest m : plan.referrers) {
      putByDigest(client, m, put);
    }
    ReferrersMode mode = plan.referrers.isEmpty() ? ReferrersMode.NONE : indexReferrers(client, plan, put, tags);
    for (Map.Entry<String, List<PushPlan.Manifest>> e : plan.tagged.entrySet()) {
      putAll(client, e.getValue(), e.getKey(), put);
      tags.add(e.getKey());
    }
    return new Result(target.withTag(tag), plan.root().digest(), uploaded, mounted, blobs.size() - uploaded - mounted,
        bytes, put.count, tags, mode);
  }

  private static RegistryClient await(CompletableFuture<RegistryClient> opening) throws RegistryException {
    try {
      return opening.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RegistryException r) {
        throw r;
      }
      throw e;
    }
  }

  private static final class Counter {
    int count;
  }

  /** Puts {@code manifests} (children first) by digest, the last one under {@code tag}. */
  private static void putAll(RegistryClient client, List<PushPlan.Manifest> manifests, String tag, Counter put)
      throws RegistryException {
    for (PushPlan.Manifest m : manifests.subList(0, manifests.size() - 1)) {
      putByDigest(client, m, put);
    }
    PushPlan.Manifest last = manifests.get(manifests.size() - 1);
    if (!client.manifestDigest(tag).equals(Optional.of(last.digest()))) {
      client.putManifest(tag, last.bytes(), last.mediaType());
      put.count++;
    }
  }

  private static void putByDigest(RegistryClient client, PushPlan.Manifest m, Counter put) throws RegistryException {
    if (client.manifestDigest(m.digest().toString()).isEmpty()) {
      client.putManifest(m.digest().toString(), m.bytes(), m.mediaType());
      put.count++;
    }
  }

  /**
   * Asks the referrers API about the first subject; where it answers, the registry indexed the
   * referrers as they were put. Otherwise each subject's {@code sha256-<hex>} tag gets an index of
   * its referrers, merged with the one already there.
   */
  private static ReferrersMode indexReferrers(RegistryClient client, PushPlan plan, Counter put, List<String> tags)
      throws RegistryException {
    Map<Digest, List<Descriptor>> bySubject = new LinkedHashMap<>();
    for (PushPlan.Manifest m : plan.referrers) {
      if (m.subject() != null) {
        bySubject.computeIfAbsent(m.subject(), k -> new ArrayList<>()).add(new Descriptor(m.mediaType(), m.digest(),
            m.bytes().length, m.annotations(), null, m.artifactType()));
      }
    }
    if (bySubject.isEmpty()) {
      return ReferrersMode.NONE;
    }
    if (client.referrers(bySubject.keySet().iterator().next()).isPresent()) {
      return ReferrersMode.API;
    }
    for (Map.Entry<Digest, List<Descriptor>> e : bySubject.entrySet()) {
      String tag = Referrers.fallbackTag(e.getKey());
      List<Descriptor> merged = new ArrayList<>(Referrers.underFallbackTag(client, e.getKey()));
      boolean changed = false;
      for (Descriptor d : e.getValue()) {
        if (merged.stream().noneMatch(x -> x.digest().equals(d.digest()))) {
          merged.add(d);
          changed = true;
        }
      }
      if (changed) {
        byte[] index = ImageIndex.of(merged, null).toJson();
        client.putManifest(tag, index, MediaTypes.OCI_INDEX);
        put.count++;
      }
      tags.add(tag);
    }
    return ReferrersMode.FALLBACK_TAG;
  }
}
