package dev.dmp.mapreduce.common;

import java.io.IOException;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.map.WrappedMapper;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * The mapper a job runs in place of its own while a crash drill is set for it ({@link
 * DrillTasks#attach}): it runs the job's mapper over the same records and halts the attempt at the
 * drill's record, so that the job's own mapper never checks for drills.
 */
public final class DrillMapper<KI, VI, KO, VO> extends Mapper<KI, VI, KO, VO> {

  /** The job's own mapper class. */
  static final String MAPPER = "dmp.drill.job.mapper";

  /** The drill point, {@code STAGE-map}. */
  static final String POINT = "dmp.drill.job.map.point";

  @Override
  @SuppressWarnings("unchecked")
  public void run(Context context) throws IOException, InterruptedException {
    Mapper<KI, VI, KO, VO> mapper =
        ReflectionUtils.newInstance(
            context.getConfiguration().getClass(MAPPER, Mapper.class, Mapper.class),
            context.getConfiguration());
    Drill drill = Drill.of(context, context.getConfiguration().get(POINT));
    mapper.run(
        new WrappedMapper<KI, VI, KO, VO>() {
          Context ticking() {
            return new Context(context) {
              @Override
              public boolean nextKeyValue() throws IOException, InterruptedException {
                boolean more = super.nextKeyValue();
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
