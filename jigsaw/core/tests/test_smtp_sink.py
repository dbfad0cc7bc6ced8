"""The test SMTP sink really receives mail sent through Django's configured mailer."""

from django.core.mail import EmailMessage


def test_mail_sent_through_django_arrives_at_the_local_smtp_server(smtp_sink):
    message = EmailMessage(
        "Strategy discussion", "Please join.", "jigsaw@council.example", ["duty.officer@police.example"]
    )
    message.attach("invite.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.send()
    [received] = smtp_sink.to("duty.officer@police.example")
    assert received["Subject"] == "Strategy discussion"
    assert [a.get_content_type() for a in received.iter_attachments()] == ["text/calendar"]
