package dev.dmp.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.avro.Profile;
import org.assertj.core.data.Offset;

/** Field-by-field equality of profiles; sums of doubles within rounding. */
public final class ProfileAssert {

  private ProfileAssert() {}

  public static void assertSameProfile(Profile actual, Profile expected) {
    String who = expected.getOneId();
    assertThat(actual.getOneId()).isEqualTo(who);
    assertThat(actual.getAsOf()).as(who).isEqualTo(expected.getAsOf());
    assertThat(actual.getIdentifiers()).as(who).isEqualTo(expected.getIdentifiers());
    assertThat(actual.getFirstSeen()).as(who).isEqualTo(expected.getFirstSeen());
    assertThat(actual.getLastSeen()).as(who).isEqualTo(expected.getLastSeen());
    assertThat(actual.getEvents()).as(who).isEqualTo(expected.getEvents());
    assertThat(actual.getEvents7d()).as(who).isEqualTo(expected.getEvents7d());
    assertThat(actual.getEvents30d()).as(who).isEqualTo(expected.getEvents30d());
    assertThat(actual.getRevenue()).as(who).isCloseTo(expected.getRevenue(), Offset.offset(1e-6));
    assertThat(actual.getRevenue30d())
        .as(who)
        .isCloseTo(expected.getRevenue30d(), Offset.offset(1e-6));
    assertThat(actual.getDays()).as(who).hasSameSizeAs(expected.getDays());
    for (int i = 0; i < actual.getDays().size(); i++) {
      assertThat(actual.getDays().get(i).getDay()).isEqualTo(expected.getDays().get(i).getDay());
      assertThat(actual.getDays().get(i).getCount())
          .isEqualTo(expected.getDays().get(i).getCount());
    }
    assertThat(actual.getDeviceClass()).as(who).isEqualTo(expected.getDeviceClass());
    assertThat(actual.getOs()).as(who).isEqualTo(expected.getOs());
    assertThat(actual.getBrowser()).as(who).isEqualTo(expected.getBrowser());
    assertThat(actual.getGeo()).as(who).isEqualTo(expected.getGeo());
    assertThat(actual.getTopGeo()).as(who).isEqualTo(expected.getTopGeo());
    assertThat(actual.getTags().keySet()).as(who).isEqualTo(expected.getTags().keySet());
    actual
        .getTags()
        .forEach(
            (t, w) ->
                assertThat(w)
                    .as(who + " " + t)
                    .isCloseTo(expected.getTags().get(t), Offset.offset(1e-9)));
    assertThat(actual.getSegments()).as(who).isEqualTo(expected.getSegments());
  }
}
