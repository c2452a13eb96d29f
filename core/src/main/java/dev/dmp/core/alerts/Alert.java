package dev.dmp.core.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One alert, as written to {@code quality/alerts/dt=D/} and posted to the webhook.
 *
 * @param id what makes it the same alert on a re-evaluation: {@code rule/subject/date[Thh]}; a
 *     receiver can de-duplicate on it (delivery is at least once)
 * @param rule the rule that raised it, or {@code stage_failed} for a stage that failed
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param scope {@code day}, {@code source_day}, {@code source_hour} or {@code run}
 * @param subject the source it is about, {@code day} for the whole day, or the stage that failed
 * @param date the day it is about
 * @param hour the hour it is about, null for a whole day
 * @param time the start of the day or hour it is about, ISO-8601 UTC
 * @param value the measured value, null when the rule has none
 * @param threshold the limit it was held against, null when the rule has none
 * @param message what happened, in a sentence
 * @param raisedAt when it was first raised, ISO-8601 UTC
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Alert(
    String id,
    String rule,
    String severity,
    String scope,
    String subject,
    String date,
    Integer hour,
    String time,
    Double value,
    Double threshold,
    String message,
    String raisedAt) {

  /** The same alert, first raised at {@code raisedAt}. */
  public Alert raisedAt(String when) {
    return new Alert(
        id, rule, severity, scope, subject, date, hour, time, value, threshold, message, when);
  }
}
