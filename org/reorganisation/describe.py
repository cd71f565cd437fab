"""A Preview as lines of text, for the command (the page renders the same Preview in templates/org)."""

from django.utils.translation import gettext as _


def _date(day):
    return day.strftime("%d/%m/%Y") if day else "—"


def lines(preview):
    out = []
    if preview.nothing_to_do:
        out.append(_("Nothing to do: this reorganisation is already recorded."))
    if preview.creates:
        out.append(_("Units to create:"))
        out += [f"  {new.code} {new.name} ({new.kind}) ← {new.parent_code or '—'}, {_date(new.valid_from)}"
                for new in preview.creates]  # fmt: skip
    if preview.ends:
        out.append(_("Units to end (the day before the effective date):"))
        out += [f"  {end.predecessor.code} {end.predecessor} → {end.successor_code}, {_date(end.effective_on)}"
                for end in preview.ends]  # fmt: skip
    if preview.links:
        out.append(_("Successions to record:"))
        out += [
            f"  {link.predecessor.code} → {link.successor_code}: {link.legal_basis or '—'}" for link in preview.links
        ]
    if preview.producers:
        out.append(_("Producers to move:"))
        out += [f"  {m.record} ({m.old.code} → {m.new_code})" for m in preview.producers]
    if preview.products:
        out.append(_("Open products to move:"))
        out += [f"  {m.record} ({m.old.code} → {m.new_code})" for m in preview.products]
    if preview.to_place:
        out.append(_("Producers someone must place by hand (their commune was split):"))
        out += [f"  {producer} ({producer.commune.code} → {' / '.join(codes)})" for producer, codes in preview.to_place]
    if preview.memberships:
        out.append(_("Memberships that end (reassign these people):"))
        out += [f"  {m.user.get_full_name() or m.user.username} ({m.user.username}): {m.get_role_display()}, {m.place}"
                for m in preview.memberships]  # fmt: skip
    return out
