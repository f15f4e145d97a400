package io.fenrir.api.languages;

import io.fenrir.api.error.ApiException;
import io.fenrir.api.limits.LimitPolicy;
import io.fenrir.core.lang.Language;
import io.fenrir.core.lang.Languages;
import io.fenrir.core.lang.LanguageRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The languages a client may submit, with everything needed to write a valid request: the static
 * catalog of core, this server's limits and what the managers report about their toolchains.
 */
@ApplicationScoped
public class LanguageCatalog {
    private final LimitPolicy limits;
    private final PublishedRuntimes runtimes;

    public LanguageCatalog(LimitPolicy limits, PublishedRuntimes runtimes) {
        this.limits = limits;
        this.runtimes = runtimes;
    }

    public LanguageView.Catalog list() {
        return describe(runtimes.byLanguage());
    }

    /**
     * One language, by its name or an alias.
     *
     * @throws ApiException 404 language_not_found
     */
    public LanguageView find(String name) {
        return find(name, runtimes.byLanguage());
    }

    LanguageView find(String name, Map<String, LanguageRuntime> published) {
        Language language = Languages.byName(name).orElseThrow(() -> ApiException.notFound("language_not_found",
                "language '" + name + "' is not supported; GET /languages lists those that are"));
        return view(language, published.get(language.name()));
    }

    LanguageView.Catalog describe(Map<String, LanguageRuntime> published) {
        return new LanguageView.Catalog(Languages.all().stream().map(language -> view(language,
                published.get(language.name()))).toList());
    }

    private LanguageView view(Language language, LanguageRuntime runtime) {
        return new LanguageView(language.name(), language.aliases(), runtime == null ? null : runtime.version(),
                language.entryFile(), language.extension(), language.compiled(),
                language.compiled() ? language.compileTemplate() : null, language.runTemplate(), limits.defaults(),
                limits.maxima(), runtime == null ? null : runtime.compileLimits());
    }
}
