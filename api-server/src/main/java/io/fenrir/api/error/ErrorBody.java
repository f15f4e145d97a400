package io.fenrir.api.error;

/** The JSON shape of every error answer: {"error":{"code":"..","message":".."}}. */
public record ErrorBody(Detail error) {
    public record Detail(String code, String message) {
    }

    public static ErrorBody of(String code, String message) {
        return new ErrorBody(new Detail(code, message));
    }
}
