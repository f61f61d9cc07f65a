package org.learnedlr.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The real files: checksums, shapes, known label statistics, and the normalisation constants. */
class RealMnistTest {
  @Test
  void everyFileReadsWithItsChecksumAndDims() throws IOException {
    MnistFiles files = RealMnist.files();
    for (MnistFile f : MnistFile.values()) {
      IdxData data = IdxReader.read(files.path(f));
      assertArrayEquals(f.dims(), data.dims(), f.toString());
      assertEquals(f.sha256(), data.sha256(), f.toString());
      assertEquals(f.spec().size(), data.header().length + (long) data.data().length, f.toString());
    }
  }

  @Test
  void labelsAreTheKnownOnes() throws IOException {
    MnistFiles files = RealMnist.files();
    IdxData train = files.load(MnistFile.TRAIN_LABELS);
    IdxData test = files.load(MnistFile.TEST_LABELS);
    int[] trainFirst = {5, 0, 4, 1, 9, 2, 1, 3, 1, 4};
    int[] testFirst = {7, 2, 1, 0, 4, 1, 4, 9, 5, 9};
    for (int i = 0; i < 10; i++) {
      assertEquals(trainFirst[i], train.unsigned(i), "train label " + i);
      assertEquals(testFirst[i], test.unsigned(i), "test label " + i);
    }
    int[] trainCounts = new int[10];
    for (int i = 0; i < train.count(); i++) {
      trainCounts[train.unsigned(i)]++;
    }
    assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, trainCounts);
    assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
        RealMnist.splits().test().classCounts());
  }

  @Test
  void normalisationConstantsAreTheTrainingSetStatistics() throws IOException {
    IdxData images = RealMnist.files().load(MnistFile.TRAIN_IMAGES);
    long sum = 0;
    long sumSq = 0;
    for (byte b : images.data()) {
      int p = b & 0xff;
      sum += p;
      sumSq += (long) p * p;
    }
    double n = images.data().length;
    double mean = sum / n / 255.0;
    double std = Math.sqrt(sumSq / n / (255.0 * 255.0) - mean * mean);
    assertEquals(Normalization.MNIST.mean(), mean, 5e-5, "mean of p/255 over the 60,000 training images");
    assertEquals(Normalization.MNIST.std(), std, 5e-5, "std of p/255 over the 60,000 training images");
  }

  @Test
  void defaultSplits() {
    MnistSplits s = RealMnist.splits();
    assertEquals(50_000, s.train().size());
    assertEquals(10_000, s.validation().size());
    assertEquals(10_000, s.test().size());
    assertEquals(784, s.train().pixels());
    // the validation set is the tail of the training file: the last training label is 8
    assertEquals(8, s.validation().label(9_999));
    // normalised pixels: a background pixel is (0 - 0.1307) / 0.3081
    assertEquals((float) (-0.1307 / 0.3081), s.train().image(0)[0], 0f);
    float max = Float.NEGATIVE_INFINITY;
    for (float v : s.test().image(0)) {
      max = Math.max(max, v);
    }
    assertEquals((float) ((1 - 0.1307) / 0.3081), max, 0f, "the first test digit has a saturated pixel");
  }

  @Test
  void batchesOverTheRealTrainingSet() {
    Batches b = new Batches(RealMnist.splits().train(), BatchConfig.training(128, 0));
    assertEquals(390, b.batchesPerEpoch());
    Batch first = b.batch(0);
    assertEquals(128, first.size());
    assertEquals(128 * 784, first.images().length);
    assertTrue(first.labels()[0] >= 0 && first.labels()[0] < 10);
  }
}
