package io.changetrail.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure the server answers with a status and a JSON error body: what went wrong, a stable code
 * a client can switch on, and what to do about it.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final String hint;

  public ApiError(int status, String code, String message, String hint) {
    super(message);
    this.status = status;
    this.code = code;
    this.hint = hint == null ? "" : hint;
  }

  static ApiError badRequest(String message, String hint) {
    return new ApiError(400, "INVALID_INPUT", message, hint);
  }

  static ApiError unauthorized(String message) {
    return new ApiError(
        401,
        "UNAUTHENTICATED",
        message,
        "send 'Authorization: Bearer <token>'; an admin issues tokens with 'changetrail users"
            + " token NAME'");
  }

  static ApiError forbidden(String message, String hint) {
    return new ApiError(403, "FORBIDDEN", message, hint);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String hint() {
    return hint;
  }

  /** The JSON body: {@code {"error": {"status", "code", "message", "hint"}}}. */
  static Map<String, Object> body(int status, String code, String message, String hint) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("status", status);
    error.put("code", code);
    error.put("message", message);
    error.put("hint", hint == null ? "" : hint);
    return Map.of("error", error);
  }
}
