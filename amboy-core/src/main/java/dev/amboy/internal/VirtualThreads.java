package dev.amboy.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Virtual threads when the JVM has them (Java 21+), found at run time so that amboy still compiles
 * and runs on Java 17.
 */
public final class VirtualThreads {

  private static final MethodHandle OF_VIRTUAL;
  private static final MethodHandle NAME;
  private static final MethodHandle UNSTARTED;
  private static final MethodHandle IS_VIRTUAL;

  static {
    MethodHandle ofVirtual = null;
    MethodHandle name = null;
    MethodHandle unstarted = null;
    MethodHandle isVirtual = null;
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      Class<?> ofVirtualBuilder = Class.forName("java.lang.Thread$Builder$OfVirtual");
      ofVirtual =
          lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualBuilder));
      name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class));
      unstarted =
          lookup.findVirtual(
              builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
      isVirtual =
          lookup.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (ReflectiveOperationException e) {
      ofVirtual = null;
    }
    OF_VIRTUAL = ofVirtual;
    NAME = name;
    UNSTARTED = unstarted;
    IS_VIRTUAL = isVirtual;
  }

  private VirtualThreads() {}

  /** Whether this JVM can create virtual threads. */
  public static boolean available() {
    return OF_VIRTUAL != null;
  }

  /**
   * An unstarted virtual thread.
   *
   * @throws IllegalStateException on a JVM without virtual threads
   */
  public static Thread newThread(String name, Runnable task) {
    if (!available()) {
      throw new IllegalStateException(
          "virtual threads need Java 21 or newer; this JVM is Java " + Runtime.version().feature());
    }
    try {
      Object builder = OF_VIRTUAL.invoke();
      builder = NAME.invoke(builder, name);
      return (Thread) UNSTARTED.invoke(builder, task);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot create a virtual thread", e);
    }
  }

  /** Whether {@code thread} is virtual; always false on JVMs without virtual threads. */
  public static boolean isVirtual(Thread thread) {
    if (!available()) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invoke(thread);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot inspect thread " + thread.getName(), e);
    }
  }
}
