from tests.helpdesk.test_console_etablissements import *  # noqa
from tests.helpdesk.test_console_calendar import app, directory  # noqa


async def test_dbg(app):
    async with console(app) as client:
        await log_in(client, email=CHEF)
        csrf = form_token(await client.get("/conseillers/etablissements"))
        refused = await upload(client, csrf, "")
        import re

        print(re.sub(r"\s+", " ", refused.text)[refused.text.find("<main") :][:1500])
