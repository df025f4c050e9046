package dev.hopscope.store.embedded.internal.codec;

/** Bytes that do not decode: a corrupt file or a bug in an encoder. Callers name the file. */
public final class MalformedDataException extends RuntimeException {
  public MalformedDataException(String message) {
    super(message);
  }
}
