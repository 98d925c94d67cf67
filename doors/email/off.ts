/** The line `serve` logs when email is not configured; its own file, so saying it does not load nodemailer. */
export const EMAIL_OFF_MESSAGE = 'Email is off (set SMTP_URL and MAIL_FROM to send announcements by email)';
