package io.sparkrbf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProjectionSpecTest {
  @Test
  void theThreeFormsParseAndPrintAsTyped() {
    assertFalse(ProjectionSpec.parse("none").projects());
    assertEquals(new ProjectionSpec(64, 0), ProjectionSpec.parse("pca:64"));
    assertEquals(new ProjectionSpec(0, 0.95), ProjectionSpec.parse("PCAVariance:0.95"));
    for (String text : new String[] {"none", "pca:64", "pcaVariance:0.95", "pcaVariance:1.0"}) {
      assertEquals(text, ProjectionSpec.parse(text).id());
    }
  }

  @Test
  void pcaKeepsExactlyKAndRefusesMoreThanTheFeatures() {
    double[] shares = {0.5, 0.3, 0.1, 0.1};
    assertEquals(2, ProjectionSpec.parse("pca:2").componentsToKeep(shares));
    assertEquals(4, ProjectionSpec.parse("pca:4").componentsToKeep(shares));
    OptionException e = assertThrows(OptionException.class, () -> ProjectionSpec.parse("pca:5").componentsToKeep(shares));
    assertEquals("--projection pca:5 keeps more components than the data has features (4); use pca:4 or fewer",
        e.getMessage());
  }

  @Test
  void pcaVarianceKeepsTheFewestComponentsWhoseShareReachesF() {
    double[] shares = {0.5, 0.25, 0.125, 0.125};
    assertEquals(1, ProjectionSpec.parse("pcaVariance:0.5").componentsToKeep(shares));
    assertEquals(2, ProjectionSpec.parse("pcaVariance:0.51").componentsToKeep(shares));
    assertEquals(2, ProjectionSpec.parse("pcaVariance:0.75").componentsToKeep(shares));
    assertEquals(3, ProjectionSpec.parse("pcaVariance:0.76").componentsToKeep(shares));
    assertEquals(3, ProjectionSpec.parse("pcaVariance:1").componentsToKeep(new double[] {0.6, 0.3, 0.0999999}),
        "rounding below f keeps every component");
  }

  @Test
  void badValuesNameWhatWorks() {
    assertEquals("pca:k needs k >= 1 components, got 0",
        assertThrows(IllegalArgumentException.class, () -> ProjectionSpec.parse("pca:0")).getMessage());
    assertEquals("pcaVariance:f needs a share f in (0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> ProjectionSpec.parse("pcaVariance:1.5")).getMessage());
    assertEquals("pcaVariance:f needs a share f in (0, 1], got 0.0",
        assertThrows(IllegalArgumentException.class, () -> ProjectionSpec.parse("pcaVariance:0")).getMessage());
    for (String bad : new String[] {"pca", "pca:", "pca:x", "pca:2.5", "svd:3", "pcaVariance:", "pcaVariance:NaN"}) {
      assertTrue(assertThrows(IllegalArgumentException.class, () -> ProjectionSpec.parse(bad)).getMessage()
          .startsWith("unknown projection '" + bad + "', expected none, pca:k"), bad);
    }
  }

  @Test
  void theOptionIsReadFromPropertiesAndRecordedOnlyWhenItProjects() {
    Properties p = new Properties();
    p.setProperty("projection", "pca:3");
    TrainOptions projected = TrainOptions.builder(p).build();
    assertEquals(new ProjectionSpec(3, 0), projected.projection());
    assertEquals("pca:3", projected.toMap().get("projection"));
    assertFalse(TrainOptions.DEFAULTS.toMap().containsKey("projection"), "checkpoints from before still resume");
    assertEquals("none", TrainOptions.DEFAULTS.toFlagMap().get("--projection"));
    p.setProperty("projection", "pca:0");
    assertEquals("projection=pca:0: pca:k needs k >= 1 components, got 0",
        assertThrows(OptionException.class, () -> TrainOptions.builder(p)).getMessage());
  }
}
