package io.sandboxegress.lab;

/** The lab could not do what it was asked: a host command failed or a process did not start. */
public final class LabException extends RuntimeException {

  public LabException(String message) {
    super(message);
  }

  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}
