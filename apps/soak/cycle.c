/* soak_cycle: lives a little (churn.h), then exits and asks to be started again, for as
 * long as the board runs. */
#include "churn.h"

int main(void)
{
    soak_live_a_little();
    tock_restart(0);
}
