package dev.hopscope.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.jspecify.annotations.Nullable;

/**
 * SIGTERM and SIGINT for {@code serve}: the first starts a graceful stop, a second one while it
 * runs exits at once, as operators expect of a server (a shutdown hook alone cannot tell the two
 * apart: the JVM ignores further signals once its shutdown has begun).
 *
 * <p>The JDK's only signal API is {@code sun.misc.Signal} in the jdk.unsupported module. It is
 * reached by reflection so the build stays free of internal-API warnings; where it is missing, the
 * caller's shutdown hook still stops the server gracefully, only without the second-signal exit.
 */
final class StopSignals {
  private StopSignals() {}

  /**
   * Runs {@code firstSignal} (on a thread of its own) at the first TERM or INT, and halts with
   * {@code exitCode} at the second. Returns false when signals cannot be trapped here.
   */
  static boolean install(Runnable firstSignal, int secondSignalExitCode) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      Object handler =
          Proxy.newProxyInstance(
              StopSignals.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              new OnSignal(firstSignal, secondSignalExitCode));
      for (String name : new String[] {"TERM", "INT"}) {
        handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static final class OnSignal implements InvocationHandler {
    private final Runnable firstSignal;
    private final int secondSignalExitCode;
    private boolean stopping;

    OnSignal(Runnable firstSignal, int secondSignalExitCode) {
      this.firstSignal = firstSignal;
      this.secondSignalExitCode = secondSignalExitCode;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, Object[] args) {
      switch (method.getName()) {
        case "handle" -> onSignal();
        case "hashCode" -> {
          return System.identityHashCode(proxy);
        }
        case "equals" -> {
          return proxy == args[0];
        }
        case "toString" -> {
          return "hopscope stop signals";
        }
        default -> {}
      }
      return null;
    }

    private synchronized void onSignal() {
      if (stopping) {
        System.err.println("hopscope: second stop signal, exiting now");
        Runtime.getRuntime().halt(secondSignalExitCode);
      }
      stopping = true;
      Thread stop = new Thread(firstSignal, "hopscope-stop");
      stop.start();
    }
  }
}
