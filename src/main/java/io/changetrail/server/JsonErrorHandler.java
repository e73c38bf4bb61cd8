package io.changetrail.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error responses (a request line, URI or header block it refuses before any route
 * runs: 400, 414, 431) in the API's one JSON error shape instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  JsonErrorHandler() {
    setShowServlet(false);
    setShowStacks(false);
    setShowMessageInTitle(false);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    if (HttpStatus.hasNoBody(status)) {
      return ByteBuffer.allocate(0);
    }
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason));
  }

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    int status = response.getStatus();
    baseRequest.setHandled(true);
    if (HttpStatus.hasNoBody(status)) {
      return;
    }
    Object message = request.getAttribute("jakarta.servlet.error.message");
    response.setContentType("application/json");
    byte[] body = body(status, message == null ? null : message.toString());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static byte[] body(int status, String reason) {
    String message = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
    try {
      return ChangeTrailServer.JSON.writeValueAsBytes(
          ApiError.body(status, ChangeTrailServer.codeOf(status), message, hint(status)));
    } catch (JsonProcessingException e) {
      return ("{\"error\":{\"status\":" + status + "}}").getBytes(StandardCharsets.UTF_8);
    }
  }

  private static String hint(int status) {
    return switch (status) {
      case 414 -> "shorten the URL: a request line must fit in 8 KiB";
      case 431 -> "send fewer or smaller headers (cookies included): they must fit in 8 KiB";
      case 400 -> "send a well-formed HTTP/1.1 request";
      default -> "";
    };
  }
}
