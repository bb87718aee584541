package dev.basalt.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Digest;
import dev.basalt.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where blobs were last seen ({@code registry/repository}), kept in a small JSON file in the cache
 * so that a push can mount a blob from a sibling repository instead of uploading it. Only a hint:
 * a wrong or lost entry costs an upload, never correctness, so concurrent writers may drop each
 * other's entries and a damaged file is started afresh.
 */
public final class BlobSightings {
  public static final String FILE = "registry/blob-sightings.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REPOSITORIES_PER_BLOB = 4;
  private static final int MAX_BLOBS = 50_000;

  private final Path file;
  /** Digest to {@code registry/repository}, most recent first; oldest digests first in the map. */
  private final LinkedHashMap<String, List<String>> seen = new LinkedHashMap<>();

  private BlobSightings(Path file) {
    this.file = file;
  }

  /** The record in the default cache ({@link BlobStore#defaultRoot()}). */
  public static BlobSightings load() {
    return load(BlobStore.defaultRoot().resolve(FILE));
  }

  /** The record in {@code file}; empty when it is missing or unreadable. */
  public static BlobSightings load(Path file) {
    BlobSightings s = new BlobSightings(file);
    s.readInto();
    return s;
  }

  /** A record that remembers nothing and writes nothing. */
  public static BlobSightings none() {
    return new BlobSightings(null);
  }

  private void readInto() {
    if (file == null || !Files.isRegularFile(file)) {
      return;
    }
    try {
      JsonNode blobs = JSON.readTree(file.toFile()).path("blobs");
      for (var e : blobs.properties()) {
        List<String> repos = new ArrayList<>();
        e.getValue().forEach(r -> repos.add(r.asText()));
        seen.put(e.getKey(), repos);
      }
    } catch (IOException | RuntimeException e) {
      seen.clear(); // a damaged hint file is worth nothing; it is rewritten on the next save
    }
  }

  /** Another repository of {@code registry} where {@code digest} was seen, if any. */
  public synchronized Optional<String> mountSource(String registry, String repository, Digest digest) {
    for (String where : seen.getOrDefault(digest.toString(), List.of())) {
      if (where.startsWith(registry + "/") && !where.equals(registry + "/" + repository)) {
        return Optional.of(where.substring(registry.length() + 1));
      }
    }
    return Optional.empty();
  }

  /** Notes that {@code digests} are present in {@code registry/repository}. */
  public synchronized void record(String registry, String repository, Collection<Digest> digests) {
    String where = registry + "/" + repository;
    for (Digest d : digests) {
      List<String> repos = seen.remove(d.toString());
      repos = repos == null ? new ArrayList<>() : new ArrayList<>(repos);
      repos.remove(where);
      repos.add(0, where);
      seen.put(d.toString(), repos.size() > MAX_REPOSITORIES_PER_BLOB ? repos.subList(0, MAX_REPOSITORIES_PER_BLOB) : repos);
    }
    while (seen.size() > MAX_BLOBS) {
      seen.remove(seen.keySet().iterator().next());
    }
  }

  /** Writes the record (atomically); a failure to write is not worth failing a push for. */
  public synchronized void save() {
    if (file == null) {
      return;
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", 1);
    doc.put("blobs", seen);
    try {
      // Jackson keeps the map's order, oldest first, which is the order entries are dropped in.
      AtomicFiles.write(file, JSON.writeValueAsBytes(doc));
    } catch (IOException | RuntimeException e) {
      // Only a hint for later pushes: the push itself succeeded.
    }
  }
}
