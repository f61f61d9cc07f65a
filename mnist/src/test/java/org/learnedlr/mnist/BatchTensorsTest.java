package org.learnedlr.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.learnedlr.tensor.Tensor;

/** The only test that needs tensor/: shapes and contents of the batch tensors. */
class BatchTensorsTest {
  @Test
  void imagesAndLabelsAsTensors() {
    Batch batch = new Batches(BatchesTest.numbered(20), BatchConfig.training(6, 11)).batch(0);
    Tensor images = BatchTensors.images(batch);
    assertArrayEquals(new int[] {6, 1, 28, 28}, images.shape());
    assertArrayEquals(batch.images(), images.toFloatArray());
    Tensor flat = images.reshape(6, 784);
    assertArrayEquals(new int[] {6, 784}, flat.shape());
    assertArrayEquals(new int[] {6, 784}, BatchTensors.imagesFlat(batch).shape());
    assertArrayEquals(batch.images(), BatchTensors.imagesFlat(batch).toFloatArray());
    Tensor labels = BatchTensors.labels(batch);
    assertArrayEquals(new int[] {6}, labels.shape());
    assertArrayEquals(batch.labels(), labels.toIntArray());
  }
}
