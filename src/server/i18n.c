/*
 * The interface strings of kuzet serve in Russian, Kazakh and English: one
 * table, looked up by key (sorted once, then binary search).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "server/server_int.h"

struct msg {
	const char *key;
	const char *t[KZ_LANG_COUNT]; /* ru, kk, en */
};

static const struct msg msgs[] = {
    {"app.name", {"kuzet", "kuzet", "kuzet"}},
    {"app.tagline",
        {"Цифровые права: инциденты", "Цифрлық құқықтар: оқиғалар",
            "Digital rights: incidents"}},
    {"nav.public", {"Инциденты", "Оқиғалар", "Incidents"}},
    {"nav.queue", {"Очередь", "Кезек", "Queue"}},
    {"nav.report", {"Отчёт", "Есеп", "Report"}},
    {"nav.users", {"Пользователи", "Пайдаланушылар", "Users"}},
    {"nav.sources", {"Источники", "Дереккөздер", "Sources"}},
    {"src.name", {"Название", "Атауы", "Name"}},
    {"src.kind", {"Вид", "Түрі", "Kind"}},
    {"src.last", {"Последний сбор", "Соңғы жинау", "Last fetch"}},
    {"src.status", {"HTTP", "HTTP", "HTTP"}},
    {"src.error", {"Ошибка", "Қате", "Error"}},
    {"src.failures",
        {"Сбоев подряд", "Қатарынан сәтсіздік", "Failures in a row"}},
    {"src.items", {"Статей", "Мақалалар", "Items seen"}},
    {"src.every", {"Каждые (мин)", "Әр (мин)", "Every (min)"}},
    {"src.enable", {"Включить", "Қосу", "Enable"}},
    {"src.disable", {"Выключить", "Өшіру", "Disable"}},
    {"nav.new", {"Новый инцидент", "Жаңа оқиға", "New incident"}},
    {"nav.login", {"Войти", "Кіру", "Log in"}},
    {"nav.logout", {"Выйти", "Шығу", "Log out"}},
    {"nav.lang", {"Язык", "Тіл", "Language"}},
    {"nav.feed", {"Лента Atom", "Atom арнасы", "Atom feed"}},
    {"nav.csv", {"Данные CSV", "CSV деректері", "CSV data"}},
    {"nav.api", {"API (JSON)", "API (JSON)", "API (JSON)"}},
    {"btn.apply", {"Применить", "Қолдану", "Apply"}},
    {"btn.save", {"Сохранить", "Сақтау", "Save"}},
    {"btn.search", {"Найти", "Іздеу", "Search"}},
    {"btn.accept", {"Принять", "Қабылдау", "Accept"}},
    {"btn.attach",
        {"Добавить к инциденту №", "Оқиғаға қосу №", "Attach to incident #"}},
    {"btn.dismiss", {"Отклонить", "Қабылдамау", "Dismiss"}},
    {"btn.preview", {"Просмотр", "Алдын ала қарау", "Preview"}},
    {"btn.download", {"Скачать", "Жүктеп алу", "Download"}},
    {"btn.add", {"Добавить", "Қосу", "Add"}},
    {"btn.remove", {"Удалить", "Жою", "Remove"}},
    {"f.q", {"Поиск", "Іздеу", "Search"}},
    {"f.section", {"Раздел", "Бөлім", "Section"}},
    {"f.any", {"все", "барлығы", "any"}},
    {"f.suggested", {"предложенный", "ұсынылған", "suggested"}},
    {"f.from", {"С", "Бастап", "From"}},
    {"f.to", {"По", "Дейін", "To"}},
    {"f.lang", {"Язык текста", "Мәтін тілі", "Text language"}},
    {"f.status", {"Статус", "Мәртебесі", "Status"}},
    {"f.date", {"Дата события", "Оқиға күні", "Event date"}},
    {"f.title", {"Заголовок", "Тақырып", "Title"}},
    {"f.summary", {"Описание", "Сипаттама", "Summary"}},
    {"f.sources", {"Источники", "Дереккөздер", "Sources"}},
    {"f.addsources",
        {"Добавить источники (по одной ссылке в строке)",
            "Дереккөз қосу (әр жолға бір сілтеме)",
            "Add sources (one link per line)"}},
    {"f.stored", {"сохранённая копия", "сақталған көшірме", "stored copy"}},
    {"f.format", {"Формат", "Пішім", "Format"}},
    {"f.user", {"Имя пользователя", "Пайдаланушы аты", "User name"}},
    {"f.password", {"Пароль", "Құпиясөз", "Password"}},
    {"f.role", {"Роль", "Рөлі", "Role"}},
    {"f.reason", {"Причина", "Себебі", "Reason"}},
    {"f.relevance", {"Релевантность", "Өзектілігі", "Relevance"}},
    {"f.why", {"Почему", "Неліктен", "Why"}},
    {"f.source", {"Источник", "Дереккөз", "Source"}},
    {"f.published", {"Опубликовано", "Жарияланды", "Published"}},
    {"f.min", {"Мин. релевантность", "Ең аз өзектілік", "Min. relevance"}},
    {"f.select", {"Выбрать", "Таңдау", "Select"}},
    {"f.selectall", {"Выбрать все", "Барлығын таңдау", "Select all"}},
    {"st.draft", {"черновик", "жоба", "draft"}},
    {"st.published", {"опубликован", "жарияланған", "published"}},
    {"st.rejected", {"отклонён", "қабылданбаған", "rejected"}},
    {"role.viewer", {"читатель", "оқырман", "viewer"}},
    {"role.editor", {"редактор", "редактор", "editor"}},
    {"role.admin", {"администратор", "әкімші", "admin"}},
    {"pub.title",
        {"Инциденты в сфере цифровых прав",
            "Цифрлық құқықтар саласындағы оқиғалар",
            "Digital rights incidents"}},
    {"pub.none", {"Ничего не найдено.", "Ештеңе табылмады.", "Nothing found."}},
    {"pub.count", {"Найдено", "Табылды", "Found"}},
    {"pub.prev", {"← Назад", "← Артқа", "← Previous"}},
    {"pub.next", {"Дальше →", "Әрі қарай →", "Next →"}},
    {"pub.history", {"История изменений", "Өзгерістер тарихы", "History"}},
    {"pub.edit", {"Редактировать", "Өңдеу", "Edit"}},
    {"pub.notrans", {"нет перевода", "аудармасы жоқ", "not translated"}},
    {"login.title",
        {"Вход для редакторов", "Редакторлар үшін кіру", "Editors' login"}},
    {"login.bad",
        {"Неверное имя пользователя или пароль.",
            "Пайдаланушы аты немесе құпиясөз қате.",
            "Wrong user name or password."}},
    {"login.slow",
        {"Слишком много попыток входа. Попробуйте позже.",
            "Кіру әрекеттері тым көп. Кейінірек көріңіз.",
            "Too many login attempts. Try again later."}},
    {"q.title", {"Очередь на проверку", "Тексеру кезегі", "Review queue"}},
    {"q.empty", {"Очередь пуста.", "Кезек бос.", "The queue is empty."}},
    {"q.done", {"Готово", "Дайын", "Done"}},
    {"q.keys",
        {"Клавиши: j/k — вниз/вверх, x — выбрать, a — принять, d — "
         "отклонить, o — открыть",
            "Пернелер: j/k — төмен/жоғары, x — таңдау, a — қабылдау, d — "
            "қабылдамау, o — ашу",
            "Keys: j/k down/up, x select, a accept, d dismiss, o open"}},
    {"q.none_selected",
        {"Ничего не выбрано.", "Ештеңе таңдалмады.", "Nothing selected."}},
    {"q.total", {"в очереди", "кезекте", "in the queue"}},
    {"ed.title",
        {"Редактирование инцидента", "Оқиғаны өңдеу", "Edit incident"}},
    {"ed.new", {"Новый инцидент", "Жаңа оқиға", "New incident"}},
    {"ed.saved", {"Сохранено.", "Сақталды.", "Saved."}},
    {"ed.conflict",
        {"Инцидент изменил другой редактор, пока вы его правили. Ваши "
         "правки не сохранены: ниже его текущая версия и ваш текст. "
         "Сведите их и сохраните снова.",
            "Сіз өңдеп жатқанда оқиғаны басқа редактор өзгертті. Сіздің "
            "түзетулеріңіз сақталмады: төменде оның қазіргі нұсқасы мен "
            "сіздің мәтініңіз. Біріктіріп, қайта сақтаңыз.",
            "Another editor changed this incident while you were editing "
            "it. Your changes were not saved: below are its current "
            "version and your text. Merge them and save again."}},
    {"ed.theirs", {"Текущая версия", "Қазіргі нұсқа", "Current version"}},
    {"ed.invalid", {"Ошибка в форме", "Формада қате бар", "Invalid form"}},
    {"rep.title", {"Отчёт", "Есеп", "Report"}},
    {"rep.count", {"инцидентов", "оқиға", "incidents"}},
    {"rep.missing", {"без перевода", "аудармасыз", "without translation"}},
    {"art.title", {"Сохранённая статья", "Сақталған мақала", "Stored article"}},
    {"art.fetched", {"Получено", "Алынды", "Fetched"}},
    {"art.original", {"Оригинал", "Түпнұсқа", "Original"}},
    {"users.title", {"Пользователи", "Пайдаланушылар", "Users"}},
    {"users.added",
        {"Пользователь добавлен.", "Пайдаланушы қосылды.", "User added."}},
    {"users.removed",
        {"Пользователь удалён.", "Пайдаланушы жойылды.", "User removed."}},
    {"users.self",
        {"Нельзя удалить себя.", "Өзіңізді жоюға болмайды.",
            "You cannot remove yourself."}},
    {"err.notfound",
        {"Страница не найдена.", "Бет табылмады.", "Page not found."}},
    {"err.method",
        {"Метод не поддерживается.", "Әдіс қолдау көрмейді.",
            "Method not allowed."}},
    {"err.csrf",
        {"Форма устарела или подделана. Обновите страницу и повторите.",
            "Форма ескірген немесе жалған. Бетті жаңартып, қайталаңыз.",
            "The form is stale or forged. Reload the page and try again."}},
    {"err.login", {"Нужно войти.", "Кіру қажет.", "Please log in."}},
    {"err.role",
        {"Недостаточно прав.", "Құқық жеткіліксіз.",
            "You are not allowed to do this."}},
    {"err.internal",
        {"Внутренняя ошибка. Она записана в журнал сервера.",
            "Ішкі қате. Ол сервер журналына жазылды.",
            "Internal error. It was logged on the server."}},
    {"err.toolarge",
        {"Ответ слишком велик.", "Жауап тым үлкен.",
            "The answer is too large."}},
    {"err.body",
        {"Запрос слишком велик.", "Сұраныс тым үлкен.", "Request too large."}},
    {"err.query",
        {"Слишком длинный поисковый запрос.", "Іздеу сұранысы тым ұзын.",
            "The search is too long."}},
    {"err.form",
        {"Неверные данные формы.", "Форма деректері қате.",
            "Invalid form data."}},
    {"err.slow",
        {"Слишком много запросов.", "Сұраныстар тым көп.",
            "Too many requests."}},
};

#define NMSG (sizeof msgs / sizeof msgs[0])
static const struct msg *sorted[NMSG];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int
cmp_msg(const void *a, const void *b)
{
	return strcmp((*(const struct msg *const *)a)->key,
	    (*(const struct msg *const *)b)->key);
}

static void
build(void)
{
	for (size_t i = 0; i < NMSG; i++)
		sorted[i] = &msgs[i];
	qsort(sorted, NMSG, sizeof sorted[0], cmp_msg);
}

const char *
kz_t_lang(enum kz_lang l, const char *key)
{
	size_t lo = 0, hi = NMSG;

	pthread_once(&once, build);
	if ((unsigned)l >= KZ_LANG_COUNT)
		l = KZ_LANG_RU;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, sorted[mid]->key);
		if (c == 0)
			return sorted[mid]->t[l];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return key;
}

const char *
kz_t(const struct kz_req *rq, const char *key)
{
	return kz_t_lang(rq->ui, key);
}

int
kz_i18n_check(const char **bad)
{
	pthread_once(&once, build);
	for (size_t i = 0; i < NMSG; i++) {
		for (int l = 0; l < KZ_LANG_COUNT; l++)
			if (msgs[i].t[l] == NULL || msgs[i].t[l][0] == '\0' ||
			    !kz_utf8_valid(
			        msgs[i].t[l], strlen(msgs[i].t[l]), NULL)) {
				*bad = msgs[i].key;
				return -1;
			}
		if (i > 0 && strcmp(sorted[i - 1]->key, sorted[i]->key) == 0) {
			*bad = sorted[i]->key;
			return -1;
		}
	}
	return 0;
}
