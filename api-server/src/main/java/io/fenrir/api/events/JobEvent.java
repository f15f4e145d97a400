package io.fenrir.api.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The data of an output event of GET /jobs/{id}/events: the step that wrote it ("run", "compile",
 * "test-3") and the text (its bytes as UTF-8; binary output is better read with ?encoding=base64).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobEvent(String step, String text) {
}
