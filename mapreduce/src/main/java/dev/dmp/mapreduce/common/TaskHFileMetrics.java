package dev.dmp.mapreduce.common;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.apache.hadoop.hbase.io.MetricsIO;
import org.apache.hadoop.hbase.io.MetricsIOSource;
import org.apache.hadoop.hbase.io.MetricsIOWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HBase's HFile writer reports every block's write time to a region server's I/O metrics ({@link
 * MetricsIO}), whose source it registers with Hadoop's metrics system on first use. A MapReduce
 * task that writes HFiles has no region server to report to, and under the job's isolating class
 * loader (the job jar's libraries first, Hadoop's classes from the node) that source cannot even be
 * built: HBase implements it with classes of its own in Hadoop's packages ({@code
 * org.apache.hadoop.metrics2.lib}), which then come from another class loader than Hadoop's and may
 * not reach their package-private members (an {@code IllegalAccessError}; on a node without HBase,
 * a {@code NoClassDefFoundError} first). So a task gives the writer a source that records nothing
 * before it writes, unless a region server in the same JVM (embedded mode) has set up the real one.
 */
public final class TaskHFileMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(TaskHFileMetrics.class);

  private static boolean done;

  private TaskHFileMetrics() {}

  /** Gives HBase's HFile writer a metrics source that records nothing, if it has none yet. */
  public static synchronized void recordNothing() {
    if (done) {
      return;
    }
    done = true;
    try {
      Field instance = MetricsIO.class.getDeclaredField("instance");
      instance.setAccessible(true);
      if (instance.get(null) != null) {
        return;
      }
      Constructor<MetricsIO> c =
          MetricsIO.class.getDeclaredConstructor(MetricsIOSource.class, MetricsIOWrapper.class);
      c.setAccessible(true);
      MetricsIOSource none =
          (MetricsIOSource)
              Proxy.newProxyInstance(
                  MetricsIOSource.class.getClassLoader(),
                  new Class<?>[] {MetricsIOSource.class},
                  (proxy, method, args) -> nothing(proxy, method, args));
      instance.set(null, c.newInstance(none, null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Another HBase: its writer builds its own source, as it would anyway.
      LOG.debug("HBase's MetricsIO has another shape; its HFile writer keeps its own metrics", e);
    }
  }

  private static Object nothing(Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
      case "getMetricsContext":
      case "getMetricsDescription":
      case "getMetricsJmxContext":
      case "getMetricsName":
        return "no metrics in a MapReduce task";
      default:
        return null; // every other method returns nothing (void) or an object
    }
  }
}
