package org.learnedlr.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The dataset, the split, the normalisation, and the validation of every config record. */
class DatasetTest {
  private static void assertRejected(String field, Executable make) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
    assertTrue(e.getMessage().startsWith(field + ":"), () -> "message should name '" + field + "': " + e.getMessage());
  }

  /** n images of side x side with pixel bytes (i + k) % 256, labels i % 10. */
  private static IdxData[] idx(int n, int side) {
    byte[] px = new byte[n * side * side];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i / (side * side) + i % (side * side));
    }
    byte[] y = new byte[n];
    for (int i = 0; i < n; i++) {
      y[i] = (byte) (i % 10);
    }
    return new IdxData[] {new IdxData(new int[] {n, side, side}, px), new IdxData(new int[] {n}, y)};
  }

  @Test
  void normalisationFormula() {
    float[] t = Normalization.MNIST.table();
    assertEquals((float) ((0 / 255.0 - 0.1307) / 0.3081), t[0], 0f);
    assertEquals((float) ((1.0 - 0.1307) / 0.3081), t[255], 0f);
    float[] unit = Normalization.UNIT.table();
    assertEquals(0f, unit[0], 0f);
    assertEquals(1f, unit[255], 0f);
    assertEquals(128 / 255f, unit[128], 1e-7f);
  }

  @Test
  void splitTakesValidationFromTheEndOfTheTrainingFile() {
    IdxData[] train = idx(20, 4);
    IdxData[] test = idx(5, 4);
    MnistSplits s = Mnist.split(new MnistConfig(6, Normalization.UNIT), train[0], train[1], test[0], test[1]);
    assertEquals(14, s.train().size());
    assertEquals(6, s.validation().size());
    assertEquals(5, s.test().size());
    assertEquals(14 % 10, s.validation().label(0));
    assertEquals(16, s.train().pixels());
    // validation image 0 is training-file image 14, whose first pixel byte is 14
    assertEquals(14 / 255f, s.validation().image(0)[0], 1e-7f);
    assertEquals(0f, s.train().image(0)[0], 0f);
    // training-file labels 14..19 are 4..9
    assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, s.validation().classCounts());
  }

  @Test
  void validationSizeZeroGivesAnEmptyValidationSet() {
    IdxData[] train = idx(8, 2);
    MnistSplits s = Mnist.split(new MnistConfig(0, Normalization.MNIST), train[0], train[1], train[0], train[1]);
    assertEquals(8, s.train().size());
    assertEquals(0, s.validation().size());
    assertEquals(0, new Batches(s.validation(), BatchConfig.evaluation(4)).batchesPerEpoch());
    assertThrows(IllegalArgumentException.class, () -> Mnist.split(new MnistConfig(8, Normalization.MNIST),
        train[0], train[1], train[0], train[1]));
  }

  @Test
  void shapesAndLabelsAreChecked() {
    IdxData[] a = idx(4, 3);
    IdxData[] b = idx(5, 3);
    assertRejected("labels", () -> MnistDataset.fromIdx(a[0], b[1], 0, 4, Normalization.UNIT, 10));
    assertRejected("images", () -> MnistDataset.fromIdx(a[1], a[1], 0, 4, Normalization.UNIT, 10));
    IdxData badLabels = new IdxData(new int[] {4}, new byte[] {0, 1, 10, 2});
    assertRejected("labels", () -> MnistDataset.fromIdx(a[0], badLabels, 0, 4, Normalization.UNIT, 10));
    assertRejected("labels", () -> MnistDataset.of(new float[784], new int[] {-1}));
    assertRejected("images", () -> MnistDataset.of(new float[783], new int[] {1}));
    assertRejected("range", () -> MnistDataset.of(new float[784], new int[] {1}).slice(0, 2));
  }

  @Test
  void datasetIsImmutable() {
    float[] x = new float[784];
    int[] y = {3};
    MnistDataset d = MnistDataset.of(x, y);
    x[0] = 5;
    y[0] = 4;
    d.image(0)[0] = 6;
    d.copyImages()[0] = 7;
    assertEquals(0f, d.image(0)[0], 0f);
    assertEquals(3, d.label(0));
  }

  @Test
  void configRecordsNameTheBadField() {
    assertRejected("validationSize", () -> new MnistConfig(-1, Normalization.MNIST));
    assertRejected("validationSize", () -> new MnistConfig(60_000, Normalization.MNIST));
    assertRejected("normalization", () -> new MnistConfig(10, null));
    assertRejected("std", () -> new Normalization(0.1, 0));
    assertRejected("std", () -> new Normalization(0.1, Double.NaN));
    assertRejected("mean", () -> new Normalization(Double.POSITIVE_INFINITY, 1));
    assertRejected("batchSize", () -> BatchConfig.training(0, 1));
    assertRejected("name", () -> new DataFile("../evil", 1, "0".repeat(64)));
    assertRejected("size", () -> new DataFile("ok", 0, "0".repeat(64)));
    assertRejected("sha256", () -> new DataFile("ok", 1, "ABC"));
    Duration s = Duration.ofSeconds(1);
    assertRejected("mirrors", () -> new FetchConfig(List.of(URI.create("ftp://x/")), s, s, "npm", s));
    assertRejected("mirrors", () -> new FetchConfig(List.of(URI.create("https://x/mnist")), s, s, "npm", s));
    assertRejected("connectTimeout", () -> new FetchConfig(List.of(), Duration.ZERO, s, "npm", s));
    assertRejected("requestTimeout", () -> new FetchConfig(List.of(), s, null, "npm", s));
    assertRejected("npmTimeout", () -> new FetchConfig(List.of(), s, s, "npm", Duration.ofSeconds(-1)));
    assertRejected("npmCommand", () -> new FetchConfig(List.of(), s, s, null, s));
    assertEquals(10_000, MnistConfig.defaults().validationSize());
    assertEquals(2, FetchConfig.defaults().mirrors().size());
    assertEquals(Duration.ofSeconds(10), FetchConfig.defaults().connectTimeout());
  }
}
