package dev.dmp.mapreduce;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import org.apache.hadoop.util.ApplicationClassLoader;

/**
 * The job jar's main class: {@code hadoop jar dmp-<version>-job.jar COMMAND ...} starts here and
 * runs {@link Driver} in a class loader where the job jar's libraries come before Hadoop's.
 *
 * <p>Without {@code HADOOP_USE_CLIENT_CLASSLOADER=true}, {@code hadoop jar} loads the job jar in a
 * class loader that asks Hadoop's class path first, so Hadoop's own Jackson (2.12), Avro (1.11, or
 * 1.7 on Hadoop 3.3) and commons-cli (1.2 on Hadoop 3.3) would shadow the job jar's newer ones and
 * a command would fail part-way. This class then does what that variable asks of {@code hadoop
 * jar}: it loads {@link Driver} in Hadoop's own {@link ApplicationClassLoader} over the same jar
 * and {@code lib/}, which takes everything but Hadoop's classes (and the JDK's) from the job jar,
 * as the containers of our jobs do ({@code mapreduce.job.classloader}). With the variable set, or
 * outside {@code hadoop jar}, it calls {@link Driver} directly.
 *
 * <p>It uses nothing but the JDK and Hadoop, whose classes are the same in both loaders.
 */
public final class JobJarMain {

  private JobJarMain() {}

  public static void main(String[] args) throws Throwable {
    ClassLoader loader = JobJarMain.class.getClassLoader();
    if (!(loader instanceof URLClassLoader jar)
        || loader instanceof ApplicationClassLoader
        || loader == ClassLoader.getSystemClassLoader()) {
      Driver.main(args);
      return;
    }
    // The loader of hadoop jar without the variable: the job jar, its classes and lib/, whose
    // parent is Hadoop's class path.
    ApplicationClassLoader isolated =
        new ApplicationClassLoader(jar.getURLs(), loader.getParent(), null);
    Thread.currentThread().setContextClassLoader(isolated);
    // By name: Driver is not loaded here, in the loader that would take Hadoop's libraries.
    Method main =
        Class.forName("dev.dmp.mapreduce.Driver", true, isolated).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
