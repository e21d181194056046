/* Loading apps, the deadlock report and the run's status, for every board (board_boot.h). */
#include "board_boot.h"

static const char *source_or_empty(const struct board_loader *l, uint32_t offset, const char **sep)
{
    const char *s = l->source_of ? l->source_of(l->ctx, offset) : NULL;
    *sep = s ? ": " : "";
    return s ? s : "";
}

static void report_bad_object(struct kernel *k, const struct board_loader *l, uint32_t offset,
                              const struct tbf_error *e)
{
    const char *sep, *file = source_or_empty(l, offset, &sep);
    kprintf(k, "[board] %s%sbad TBF at flash offset 0x%x: field %s at byte %u: %s", file, sep,
            (unsigned)offset, e->field[0] ? e->field : "?", (unsigned)e->offset,
            e->reason ? e->reason : "invalid");
    if (e->found || e->expected)
        kprintf(k, " (found 0x%x, expected 0x%x)", (unsigned)e->found, (unsigned)e->expected);
    kprintf(k, "; skipped\n");
}

/* "NAME (FILE)" or "NAME" */
static void app_line(struct kernel *k, const struct board_loader *l, const struct tbf_header *t,
                     uint32_t offset, const char *what, const char *why)
{
    const char *sep, *file = source_or_empty(l, offset, &sep);
    kprintf(k, "[board] %s%s%s%s: %s%s\n", t->package_name, *file ? " (" : "", file,
            *file ? ")" : "", what, why);
}

uint32_t board_load_apps(struct kernel *k, const uint8_t *image, uint32_t len,
                         const struct board_loader *l, uint32_t *refused)
{
    struct tbf_image_iter it;
    struct tbf_header t;
    struct tbf_error e;
    size_t off;
    uint32_t loaded = 0;
    tbf_image_begin(&it, image, len);
    for (;;) {
        enum tbf_status st = tbf_image_next(&it, &t, &off, &e);
        if (st == TBF_END_OF_IMAGE)
            break;
        if (st == TBF_BAD) {
            report_bad_object(k, l, (uint32_t)off, &e);
            ++*refused;
            if (it.pos >= it.len)
                break;
            continue;
        }
        if (!(t.flags & TBF_FLAG_ENABLED)) {   /* installed but not to be run, as on Tock */
            app_line(k, l, &t, (uint32_t)off, "skipped: ",
                     "the TBF is not enabled (flags bit 0 clear)");
            continue;
        }
        struct app_slot slot;
        const char *why = l->place(l->ctx, &t, (uint32_t)off, &slot);
        if (!why && kernel_load_process(k, &t, slot.flash_start, slot.flash, slot.ram_start,
                                        slot.ram, slot.ram_size, &why)) {
            loaded++;
            continue;
        }
        app_line(k, l, &t, (uint32_t)off, "refused: ", why);
        ++*refused;
    }
    return loaded;
}

void board_report_deadlock(struct kernel *k)
{
    kprintf(k, "[board] every process is waiting and nothing can wake them:\n");
    for (uint32_t i = 0; i < k->process_count; i++) {
        const struct process *p = &k->procs[i];
        if (p->state == PROCESS_YIELDED) {
            kprintf(k, "[board]   %s: yield-wait for any upcall\n", p->name);
        } else if (p->state == PROCESS_YIELDED_FOR) {
            const struct driver *d = kernel_find_driver(k, p->wait_driver, NULL);
            kprintf(k, "[board]   %s: yield-wait-for driver 0x%x (%s) upcall %u\n", p->name,
                    (unsigned)p->wait_driver, d ? d->name : "no such driver",
                    (unsigned)p->wait_subscribe);
        } else if (p->state == PROCESS_STOPPED) {
            kprintf(k, "[board]   %s: stopped\n", p->name);
        }
    }
}

enum board_status board_run_status(const struct kernel *k, uint32_t refused)
{
    if (k->panicked)
        return BOARD_PANIC;
    if (k->process_count == 0 || refused)
        return BOARD_SETUP_ERROR;   /* an app the user asked for was refused */
    for (uint32_t i = 0; i < k->process_count; i++) {
        const struct process *p = &k->procs[i];
        if (p->state != PROCESS_TERMINATED || !p->exited_cleanly)
            return BOARD_SOME_APP_FAILED;
    }
    return BOARD_ALL_EXITED_CLEANLY;
}
