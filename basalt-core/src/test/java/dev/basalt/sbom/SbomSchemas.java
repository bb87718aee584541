package dev.basalt.sbom;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The official SPDX 2.3 and CycloneDX 1.6 schemas from {@code src/test/resources/sbom/schemas},
 * with the CycloneDX schema's references to its SPDX-identifier and JSF schemas mapped to the
 * copies beside it, so that validation never reaches for the network.
 */
public final class SbomSchemas {
  static final String SPDX_ID = "http://spdx.org/rdf/terms/2.3";
  static final String CYCLONEDX_ID = "http://cyclonedx.org/schema/bom-1.6.schema.json";

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
      builder -> builder.schemaIdResolvers(ids -> ids
          .mapPrefix(SPDX_ID, "classpath:sbom/schemas/spdx-2.3.schema.json")
          .mapPrefix("http://cyclonedx.org/schema/", "classpath:sbom/schemas/cyclonedx-")));
  private static final Schema SPDX = REGISTRY.getSchema(SchemaLocation.of(SPDX_ID));
  private static final Schema CYCLONEDX = REGISTRY.getSchema(SchemaLocation.of(CYCLONEDX_ID));

  private SbomSchemas() {}

  /** What is wrong with an SPDX 2.3 JSON document, one line per error; empty when it is valid. */
  public static List<String> spdxErrors(byte[] document) {
    return errors(SPDX, document);
  }

  /** What is wrong with a CycloneDX 1.6 JSON BOM, one line per error; empty when it is valid. */
  public static List<String> cycloneDxErrors(byte[] document) {
    return errors(CYCLONEDX, document);
  }

  private static List<String> errors(Schema schema, byte[] document) {
    List<Error> errors = schema.validate(new String(document, StandardCharsets.UTF_8), InputFormat.JSON);
    return errors.stream().map(e -> {
      String at = e.getInstanceLocation().toString();
      return (at.isEmpty() ? "/" : at) + ": " + e.getMessage();
    }).toList();
  }
}
