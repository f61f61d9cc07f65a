package org.learnedlr.mnist;

import java.io.IOException;

/**
 * MNIST could not be found or fetched. The message lists where it looked, what it tried, and how to get the data.
 */
public class MnistUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  /** @param message the full explanation */
  public MnistUnavailableException(String message) {
    super(message);
  }
}
