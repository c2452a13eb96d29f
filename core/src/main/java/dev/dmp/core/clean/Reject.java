package dev.dmp.core.clean;

/** Thrown inside the checks; becomes a {@link CleanOutcome.Rejected} outcome. */
final class Reject extends Exception {
  private static final long serialVersionUID = 1L;
  final RejectReason reason;

  Reject(RejectReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }
}
