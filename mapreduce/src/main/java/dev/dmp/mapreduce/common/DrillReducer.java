package dev.dmp.mapreduce.common;

import java.io.IOException;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.reduce.WrappedReducer;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * The reducer a job runs in place of its own while a crash drill is set for it ({@link
 * DrillTasks#attach}): it runs the job's reducer over the same groups and halts the attempt at the
 * drill's group.
 */
public final class DrillReducer<KI, VI, KO, VO> extends Reducer<KI, VI, KO, VO> {

  /** The job's own reducer class. */
  static final String REDUCER = "dmp.drill.job.reducer";

  /** The drill point, {@code STAGE-reduce}. */
  static final String POINT = "dmp.drill.job.reduce.point";

  @Override
  @SuppressWarnings("unchecked")
  public void run(Context context) throws IOException, InterruptedException {
    Reducer<KI, VI, KO, VO> reducer =
        ReflectionUtils.newInstance(
            context.getConfiguration().getClass(REDUCER, Reducer.class, Reducer.class),
            context.getConfiguration());
    Drill drill = Drill.of(context, context.getConfiguration().get(POINT));
    reducer.run(
        new WrappedReducer<KI, VI, KO, VO>() {
          Context ticking() {
            return new Context(context) {
              @Override
              public boolean nextKey() throws IOException, InterruptedException {
                boolean more = super.nextKey();
                if (more) {
                  drill.tick();
                }
                return more;
              }
            };
          }
        }.ticking());
  }
}
